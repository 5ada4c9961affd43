package dev.iotsdk.emulator.internal.controlplane

import dev.iotsdk.emulator.internal.dataplane.HeaderSigV4Verifier
import dev.iotsdk.emulator.internal.http.HttpReply
import dev.iotsdk.emulator.internal.http.HttpServices
import kotlinx.serialization.json.JsonObject

/**
 * Serves a REST-JSON AWS API on requests signed for one of [services]: verifies SigV4 against the registered,
 * unexpired credentials of [principals], refuses temporary credentials (their roles grant no control-plane action in
 * the emulator: 403 `AccessDeniedException`, as AWS answers an IAM denial), runs [route], and frames [ApiError]s as
 * the service models define them.
 */
internal class SignedRestApi(
    private val principals: SigV4Principals,
    private val services: Set<String>,
    private val route: (ApiRequest) -> JsonObject,
) {
    private val verifier = HeaderSigV4Verifier(principals.region, principals.lookup, services = services)

    fun registerRoutes(http: HttpServices) {
        http.registerMatching({ it.signingService in services }) { call ->
            try {
                verifier.problem(call)?.let { throw ApiError.unauthenticated(it) }
                val accessKeyId = verifier.accessKeyId(call)
                if (accessKeyId == null || principals.isTemporary(accessKeyId)) {
                    throw ApiError(
                        FORBIDDEN,
                        "AccessDeniedException",
                        "User: $accessKeyId is not authorized to perform this action: the role of these temporary " +
                            "credentials grants no ${services.first()}: action",
                    )
                }
                HttpReply.json(OK, route(ApiRequest(call)).toString())
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
