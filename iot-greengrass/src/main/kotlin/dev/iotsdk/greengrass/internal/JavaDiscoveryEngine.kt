package dev.iotsdk.greengrass.internal

import dev.iotsdk.auth.TlsContexts
import dev.iotsdk.greengrass.GreengrassDiscoveryConfig
import io.ktor.client.HttpClient
import io.ktor.client.HttpClientConfig
import io.ktor.client.engine.java.Java
import io.ktor.client.engine.java.JavaHttpConfig
import java.time.Duration
import javax.net.ssl.SSLParameters

/**
 * Discovery on Ktor's Java engine (the JDK HTTP client, HTTP/1.1), loaded only when
 * [dev.iotsdk.auth.HttpEngine.JAVA] is chosen. Mutual TLS comes from iot-auth's [TlsContexts]; with
 * [GreengrassDiscoveryConfig.alpn] the context's engines offer ALPN `x-amzn-http-ca` ([AlpnSslContext]: the JDK
 * client drops ALPN from configured SSL parameters). Host name verification is the JDK client's (always on).
 */
@JdkOnly
internal object JavaDiscoveryEngine {
    fun create(config: GreengrassDiscoveryConfig, common: HttpClientConfig<JavaHttpConfig>.() -> Unit): HttpClient =
        HttpClient(Java) {
            common()
            engine {
                protocolVersion = java.net.http.HttpClient.Version.HTTP_1_1
                config {
                    val base = TlsContexts.sslContext(config.identity, config.trust)
                    val ssl = if (config.alpn) {
                        AlpnSslContext(
                            base,
                            arrayOf(GreengrassDiscoveryConfig.ALPN_PROTOCOL),
                        )
                    } else {
                        base
                    }
                    sslContext(ssl)
                    sslParameters(
                        SSLParameters().apply {
                            protocols =
                                TlsContexts.protocols.filter {
                                    it in base.supportedSSLParameters.protocols
                                }.toTypedArray()
                        },
                    )
                    connectTimeout(Duration.ofMillis(config.timeout.inWholeMilliseconds))
                }
            }
        }
}
