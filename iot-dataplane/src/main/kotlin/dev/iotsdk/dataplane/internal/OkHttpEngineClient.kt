package dev.iotsdk.dataplane.internal

import dev.iotsdk.dataplane.IotDataPlaneConfig
import io.ktor.client.HttpClient
import io.ktor.client.HttpClientConfig
import io.ktor.client.engine.okhttp.OkHttp
import io.ktor.client.engine.okhttp.OkHttpConfig
import java.util.concurrent.TimeUnit

/**
 * The OkHttp engine (optional `ktor-client-okhttp-jvm`); loaded only when [dev.iotsdk.auth.HttpEngine.OKHTTP] is
 * chosen. OkHttp's own connect timeout is the configured one; its read and write timeouts (10 s by default) are
 * raised to the request timeout, which [Transport] enforces for the whole attempt.
 */
internal object OkHttpEngineClient {
    fun create(config: IotDataPlaneConfig, common: HttpClientConfig<OkHttpConfig>.() -> Unit): HttpClient =
        HttpClient(OkHttp) {
            common()
            engine {
                config {
                    sslSocketFactory(Engines.sslContext(config).socketFactory, config.trust.trustManager())
                    connectTimeout(config.connectTimeout.inWholeMilliseconds, TimeUnit.MILLISECONDS)
                    readTimeout(config.requestTimeout.inWholeMilliseconds, TimeUnit.MILLISECONDS)
                    writeTimeout(config.requestTimeout.inWholeMilliseconds, TimeUnit.MILLISECONDS)
                }
            }
        }
}
