package dev.iotsdk.common.internal.http

import dev.iotsdk.common.InternalIotSdkApi
import dev.iotsdk.common.internal.http.HttpClients.iotsdkDefaults
import io.ktor.client.HttpClient
import io.ktor.client.engine.java.Java
import javax.net.ssl.SSLParameters

/**
 * Ktor's Java engine (the JDK's `java.net.http.HttpClient`), loaded only when [dev.iotsdk.common.HttpEngine.JAVA] is
 * chosen and `java.net.http` exists. HTTP/1.1 (AWS IoT's HTTPS endpoints answer HTTP/1.1, and an ALPN protocol set
 * in the context, such as Greengrass discovery's `x-amzn-http-ca`, is offered only without the client's own `h2`);
 * only the context's protocols (`TlsContexts`: TLS 1.3 and 1.2); host name verification is the JDK client's (always
 * on).
 */
@JdkOnly
@OptIn(InternalIotSdkApi::class)
internal object JavaKtorEngine {
    fun create(settings: HttpClientSettings): HttpClient = HttpClient(Java) {
        iotsdkDefaults(settings)
        engine {
            protocolVersion = java.net.http.HttpClient.Version.HTTP_1_1
            config {
                sslContext(settings.sslContext)
                sslParameters(SSLParameters().apply { protocols = settings.sslContext.defaultSSLParameters.protocols })
                val connect = HttpClients.engineMillis(settings.connectTimeout)
                if (connect > 0) connectTimeout(java.time.Duration.ofMillis(connect))
            }
        }
    }
}
