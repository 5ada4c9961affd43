package dev.iotsdk.dataplane.internal

import dev.iotsdk.auth.TlsContexts
import dev.iotsdk.dataplane.DataPlaneClientException
import dev.iotsdk.dataplane.HttpEngine
import dev.iotsdk.dataplane.IotDataPlaneConfig
import io.ktor.client.HttpClient
import io.ktor.client.HttpClientConfig
import io.ktor.client.engine.cio.CIO
import io.ktor.client.plugins.HttpTimeout

/**
 * Builds the Ktor [HttpClient] for a configuration. The OkHttp and Java engines live in their own classes
 * ([OkHttpEngineClient], [JavaEngineClient]) so that their optional artifacts are only loaded when chosen.
 */
internal object Engines {
    fun create(config: IotDataPlaneConfig): HttpClient = try {
        when (config.engine) {
            HttpEngine.CIO -> HttpClient(CIO) {
                common(config)
                engine {
                    https { trustManager = config.trust.trustManager() }
                    endpoint.connectTimeout = config.connectTimeout.inWholeMilliseconds
                }
            }
            HttpEngine.OKHTTP -> OkHttpEngineClient.create(config) { common(config) }
            HttpEngine.JAVA -> JavaEngineClient.create(config) { common(config) }
        }
    } catch (e: NoClassDefFoundError) {
        val artifact = if (config.engine == HttpEngine.OKHTTP) "ktor-client-okhttp-jvm" else "ktor-client-java-jvm"
        throw DataPlaneClientException(
            "HttpEngine.${config.engine} needs io.ktor:$artifact on the classpath (the same version as ktor-client-core); " +
                "add it or use HttpEngine.JAVA (the default)",
            e,
            isRetryable = false,
        )
    }

    /** The SSL context for engines that take one (TLS 1.2/1.3, the configured trust, no client certificate). */
    fun sslContext(config: IotDataPlaneConfig) = TlsContexts.sslContext(null, config.trust)

    private fun HttpClientConfig<*>.common(config: IotDataPlaneConfig) {
        expectSuccess = false
        followRedirects = false
        install(HttpTimeout) {
            connectTimeoutMillis = config.connectTimeout.inWholeMilliseconds
            requestTimeoutMillis = config.requestTimeout.inWholeMilliseconds
            socketTimeoutMillis = config.requestTimeout.inWholeMilliseconds
        }
    }
}
