package dev.iotsdk.emulator.internal.controlplane

import dev.iotsdk.emulator.internal.dataplane.HeaderSigV4Verifier
import dev.iotsdk.emulator.internal.http.HttpReply
import dev.iotsdk.emulator.internal.http.HttpServices
import kotlinx.serialization.json.JsonObject

/**
 * Serves a REST-JSON AWS API on requests signed for one of [services]: verifies SigV4 against the registered,
 * unexpired credentials of [principals], authorizes the operation's IAM action and resource ([actions]; an operation
 * without one is authorized as `<service>:*` on `*`) by the caller's permissions (403
 * `AccessDeniedException`, as AWS answers an IAM denial), runs [route], and frames [ApiError]s as the service models
 * define them. With [paths], only requests whose path it accepts (an API that shares a signing name with another,
 * registered before it).
 */
internal class SignedRestApi(
    private val principals: SigV4Principals,
    private val services: Set<String>,
    private val actions: (ApiRequest) -> Pair<String, String>?,
    private val paths: (String) -> Boolean = { true },
    private val route: (ApiRequest) -> JsonObject,
) {
    private val verifier = HeaderSigV4Verifier(principals.region, principals.lookup, services = services)

    fun registerRoutes(http: HttpServices) {
        http.registerMatching({ it.signingService in services && paths(it.path) }) { call ->
            try {
                verifier.problem(call)?.let { throw ApiError.unauthenticated(it) }
                val accessKeyId = verifier.accessKeyId(call) ?: throw ApiError.unauthenticated("No credential")
                val request = ApiRequest(call)
                val permissions = principals.permissions
                if (permissions.policiesOf(accessKeyId) != null) {
                    val (action, resource) = actions(request) ?: ("${services.first()}:*" to "*")
                    if (!permissions.isAllowed(accessKeyId, action, resource)) {
                        throw ApiError(
                            FORBIDDEN,
                            "AccessDeniedException",
                            permissions.deniedMessage(accessKeyId, action, resource),
                        )
                    }
                }
                HttpReply.json(OK, route(request).toString())
            } catch (e: ApiError) {
                e.reply()
            }
        }
    }

    private companion object {
        const val OK = 200
        const val FORBIDDEN = 403
    }
}
