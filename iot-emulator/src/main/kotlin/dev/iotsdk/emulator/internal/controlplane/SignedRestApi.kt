package dev.iotsdk.emulator.internal.controlplane

import dev.iotsdk.emulator.EmulatorCredentials
import dev.iotsdk.emulator.internal.dataplane.HeaderSigV4Verifier
import dev.iotsdk.emulator.internal.http.HttpReply
import dev.iotsdk.emulator.internal.http.HttpServices
import kotlinx.serialization.json.JsonObject

/**
 * Serves a REST-JSON AWS API on requests signed for one of [services]: verifies SigV4 against the registered
 * credentials, runs [route], and frames [ApiError]s as the service models define them. With [paths], only requests
 * whose path it accepts (an API that shares a signing name with another, registered before it).
 */
internal class SignedRestApi(
    region: String,
    credentials: (String) -> EmulatorCredentials?,
    private val services: Set<String>,
    private val paths: (String) -> Boolean = { true },
    private val route: (ApiRequest) -> JsonObject,
) {
    private val verifier = HeaderSigV4Verifier(region, credentials, services = services)

    fun registerRoutes(http: HttpServices) {
        http.registerMatching({ it.signingService in services && paths(it.path) }) { call ->
            try {
                verifier.problem(call)?.let { throw ApiError.unauthenticated(it) }
                HttpReply.json(200, route(ApiRequest(call)).toString())
            } catch (e: ApiError) {
                e.reply()
            }
        }
    }
}
