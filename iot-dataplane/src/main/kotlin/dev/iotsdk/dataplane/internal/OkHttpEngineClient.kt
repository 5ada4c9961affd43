package dev.iotsdk.dataplane.internal

import dev.iotsdk.dataplane.IotDataPlaneConfig
import io.ktor.client.HttpClient
import io.ktor.client.HttpClientConfig
import io.ktor.client.engine.okhttp.OkHttp
import io.ktor.client.engine.okhttp.OkHttpConfig

/** The OkHttp engine (optional `ktor-client-okhttp-jvm`); loaded only when [dev.iotsdk.dataplane.HttpEngine.OKHTTP] is chosen. */
internal object OkHttpEngineClient {
    fun create(config: IotDataPlaneConfig, common: HttpClientConfig<OkHttpConfig>.() -> Unit): HttpClient = HttpClient(OkHttp) {
        common()
        engine {
            config {
                sslSocketFactory(Engines.sslContext(config).socketFactory, config.trust.trustManager())
            }
        }
    }
}
