package dev.iotsdk.dataplane.internal

import dev.iotsdk.auth.TlsContexts
import dev.iotsdk.common.HttpEngine
import dev.iotsdk.common.InternalIotSdkApi
import dev.iotsdk.common.internal.http.HttpClientSettings
import dev.iotsdk.common.internal.http.HttpClients
import dev.iotsdk.dataplane.DataPlaneClientException
import dev.iotsdk.dataplane.IotDataPlaneConfig

/**
 * Builds the [HttpBackend] for a configuration: [JdkBackend] (the JDK client driven directly, measured fastest) for
 * [HttpEngine.JAVA], iot-common's Ktor client on OkHttp ([HttpClients], in a [KtorBackend]) for [HttpEngine.OKHTTP].
 * Only the chosen engine's classes are loaded; a missing one (`java.net.http` on Android, the optional
 * `ktor-client-okhttp-jvm`) is a [DataPlaneClientException] naming what to do.
 *
 * Timeouts: the connect timeout is the engine's own; the request timeout is applied by [Transport] around each
 * attempt, the same way for every engine (so no Ktor `HttpTimeout` plugin; OkHttp's read and write timeouts are the
 * request timeout).
 */
@OptIn(InternalIotSdkApi::class)
internal object Engines {
    fun create(config: IotDataPlaneConfig): HttpBackend = when (config.engine) {
        HttpEngine.JAVA -> {
            HttpClients.requireJavaNetHttp(HttpEngine.JAVA, ::unavailable)
            JdkBackend(config)
        }
        HttpEngine.OKHTTP -> KtorBackend(
            HttpClients.create(
                HttpEngine.OKHTTP,
                HttpClientSettings(
                    sslContext(config),
                    config.trust.trustManager(),
                    config.connectTimeout,
                    config.requestTimeout,
                ),
                ::unavailable,
            ),
        )
    }

    /** The SSL context of every engine (TLS 1.2/1.3, the configured trust, no client certificate). */
    fun sslContext(config: IotDataPlaneConfig) = TlsContexts.sslContext(null, config.trust)

    private fun unavailable(message: String, cause: Throwable?) =
        DataPlaneClientException(message, cause, isRetryable = false)
}
