package dev.iotsdk.greengrass.internal

import dev.iotsdk.auth.TlsContexts
import dev.iotsdk.greengrass.GreengrassDiscoveryConfig
import io.ktor.client.HttpClient
import io.ktor.client.HttpClientConfig
import io.ktor.client.engine.okhttp.OkHttp
import io.ktor.client.engine.okhttp.OkHttpConfig
import okhttp3.Protocol
import java.util.concurrent.TimeUnit

/**
 * Discovery on Ktor's OkHttp engine (optional `ktor-client-okhttp-jvm`; Android), loaded only when
 * [dev.iotsdk.auth.HttpEngine.OKHTTP] is chosen: HTTP/1.1 with mutual TLS from iot-auth's
 * [TlsContexts] and OkHttp's host name verification. No ALPN `x-amzn-http-ca` (the configuration refuses `alpn` with
 * this engine), so port 8443.
 */
internal object OkHttpDiscoveryEngine {
    fun create(config: GreengrassDiscoveryConfig, common: HttpClientConfig<OkHttpConfig>.() -> Unit): HttpClient =
        HttpClient(OkHttp) {
            common()
            engine {
                config {
                    sslSocketFactory(
                        TlsContexts.sslContext(config.identity, config.trust).socketFactory,
                        config.trust.trustManager(),
                    )
                    protocols(listOf(Protocol.HTTP_1_1))
                    followRedirects(false)
                    followSslRedirects(false)
                    retryOnConnectionFailure(false)
                    val millis = config.timeout.inWholeMilliseconds
                    connectTimeout(millis, TimeUnit.MILLISECONDS)
                    readTimeout(millis, TimeUnit.MILLISECONDS)
                    writeTimeout(millis, TimeUnit.MILLISECONDS)
                }
            }
        }
}
