package dev.iotsdk.emulator.internal.frontdoor

import dev.iotsdk.emulator.internal.AuthMode
import dev.iotsdk.emulator.internal.ConnectionAttributes
import dev.iotsdk.emulator.internal.CustomAuthFailure
import dev.iotsdk.emulator.internal.CustomAuthRunner
import dev.iotsdk.emulator.internal.HttpHead
import dev.iotsdk.emulator.internal.Registry
import dev.iotsdk.emulator.internal.SigV4Verifier
import dev.iotsdk.emulator.internal.parseQuery
import java.util.UUID
import java.util.concurrent.Executor
import java.util.concurrent.ExecutorService
import java.util.concurrent.RejectedExecutionException

/**
 * Authenticates an MQTT-over-WebSocket upgrade (`GET <wssPath>` on the 443 listener, spec/connect.md §3 and §4): a
 * SigV4-presigned query, custom-authorizer headers or query parameters (the authorizer runs on [executor], never on
 * a network thread), or nothing yet (the custom authorizer may still run at CONNECT with the MQTT user name).
 */
internal class WebSocketUpgrade(
    private val registry: Registry,
    private val sigV4: SigV4Verifier,
    private val authorizers: CustomAuthRunner,
    private val executor: ExecutorService,
) {
    /** What to do with the upgrade. */
    sealed class Outcome {
        /** Relay it to the broker's WebSocket listener with [attributes]. */
        class Forward(val attributes: ConnectionAttributes) : Outcome()

        /** Answer [status] and close; [reason] goes to the refusal event. */
        class Refuse(val status: Int, val text: String, val reason: String) : Outcome()
    }

    /** Decides about [request] on a connection with handshake [tls] and hands the [Outcome] to [done], run on [loop]. */
    fun authenticate(request: HttpHead, tls: HandshakeFacts, loop: Executor, done: (Outcome) -> Unit) {
        val listener = tls.listener
        val alpn = tls.alpn
        val serverName = tls.serverName
        fun attributes(mode: AuthMode) =
            ConnectionAttributes(listener, "websocket", alpn, mode, serverName = serverName)
        val query = parseQuery(request.rawQuery)
        if (query.any { it.first == "X-Amz-Signature" || it.first == "X-Amz-Credential" }) {
            done(
                when (val result = sigV4.verify("GET", request.path, request.rawQuery, request.headers)) {
                    is SigV4Verifier.Result.Verified -> Outcome.Forward(
                        ConnectionAttributes(
                            listener,
                            "websocket",
                            alpn,
                            AuthMode.SIGV4,
                            accessKeyId = result.accessKeyId,
                            serverName = serverName,
                        ),
                    )
                    is SigV4Verifier.Result.Rejected ->
                        Outcome.Refuse(FORBIDDEN, "Forbidden", "SigV4 verification failed: ${result.reason}")
                },
            )
            return
        }
        val params = LinkedHashMap<String, String>()
        request.headers.forEach { (k, v) -> params[k] = v }
        query.forEach { params.putIfAbsent(it.first, it.second) }
        if (!wantsAuthorizer(params.keys)) {
            // credentials may come later in the MQTT CONNECT user name (DG:custom-auth)
            done(Outcome.Forward(attributes(AuthMode.AUTHORIZER_AT_CONNECT)))
            return
        }
        try {
            executor.execute {
                val outcome = try {
                    val result = authorizers.authorize(
                        params, listOf("tls", "http"), serverName, null, null, null,
                        request.headers, request.rawQuery, UUID.randomUUID().toString(),
                    )
                    Outcome.Forward(
                        ConnectionAttributes(
                            listener,
                            "websocket",
                            alpn,
                            AuthMode.AUTHORIZED_AT_UPGRADE,
                            authorizer = result,
                            serverName = serverName,
                        ),
                    )
                } catch (e: CustomAuthFailure) {
                    Outcome.Refuse(FORBIDDEN, "Forbidden", e.message ?: "custom authorizer refused")
                }
                loop.execute { done(outcome) }
            }
        } catch (ignored: RejectedExecutionException) {
            done(Outcome.Refuse(UNAVAILABLE, "Service Unavailable", "too many custom authorizer calls at once"))
        }
    }

    private fun wantsAuthorizer(names: Set<String>): Boolean =
        names.any { it.equals(CustomAuthRunner.NAME_PARAM, ignoreCase = true) } ||
            registry.defaultAuthorizer()?.tokenKeyName?.let { key -> names.any { it.equals(key, ignoreCase = true) } }
                ?: false

    private companion object {
        const val FORBIDDEN = 403
        const val UNAVAILABLE = 503
    }
}
