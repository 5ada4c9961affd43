package dev.iotsdk.dataplane.internal

import dev.iotsdk.auth.HttpEngine
import dev.iotsdk.auth.TlsContexts
import dev.iotsdk.dataplane.DataPlaneClientException
import dev.iotsdk.dataplane.IotDataPlaneConfig
import io.ktor.client.HttpClient
import io.ktor.client.HttpClientConfig
import io.ktor.client.engine.cio.CIO

/**
 * Builds the [HttpBackend] for a configuration: [JdkBackend] for [HttpEngine.JAVA], a Ktor client for the others.
 * The OkHttp and JDK backends live in their own classes ([OkHttpEngineClient], [JdkBackend]) so that their classes
 * (an optional artifact, and `java.net.http`, which Android lacks) are only loaded when chosen.
 *
 * Timeouts: the connect timeout is the engine's own; the request timeout is applied by [Transport] around each
 * attempt, the same way for every engine (so no Ktor `HttpTimeout` plugin).
 */
internal object Engines {
    fun create(config: IotDataPlaneConfig): HttpBackend = try {
        when (config.engine) {
            HttpEngine.JAVA -> JdkBackend(config)
            HttpEngine.CIO -> KtorBackend(
                HttpClient(CIO) {
                    common()
                    engine {
                        https { trustManager = config.trust.trustManager() }
                        endpoint.connectTimeout = config.connectTimeout.inWholeMilliseconds
                        // CIO's own request timeout (15 s by default) must not fire before ours
                        requestTimeout = config.requestTimeout.inWholeMilliseconds
                    }
                },
            )
            HttpEngine.OKHTTP -> KtorBackend(OkHttpEngineClient.create(config) { common() })
        }
    } catch (e: NoClassDefFoundError) {
        val missing = if (config.engine == HttpEngine.OKHTTP) {
            "io.ktor:ktor-client-okhttp-jvm on the classpath (the same version as ktor-client-core); add it"
        } else {
            "java.net.http (JDK 11+; Android lacks it): use HttpEngine.OKHTTP there"
        }
        throw DataPlaneClientException("HttpEngine.${config.engine} needs $missing", e, isRetryable = false)
    }

    /** The SSL context for engines that take one (TLS 1.2/1.3, the configured trust, no client certificate). */
    fun sslContext(config: IotDataPlaneConfig) = TlsContexts.sslContext(null, config.trust)

    private fun HttpClientConfig<*>.common() {
        expectSuccess = false
        followRedirects = false
    }
}
