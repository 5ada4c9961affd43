package dev.iotsdk.common.internal.http

import dev.iotsdk.common.InternalIotSdkApi
import dev.iotsdk.common.internal.http.HttpClients.iotsdkDefaults
import io.ktor.client.HttpClient
import io.ktor.client.engine.okhttp.OkHttp
import okhttp3.Protocol
import java.util.concurrent.TimeUnit

/**
 * Ktor's OkHttp engine (the optional `io.ktor:ktor-client-okhttp-jvm`; Android), loaded only when
 * [dev.iotsdk.common.HttpEngine.OKHTTP] is chosen: HTTP/1.1, the settings' TLS context and trust manager, OkHttp's
 * host name verification, its connect timeout and, as read and write timeouts, the socket timeout. Redirects and
 * OkHttp's silent retry on connection failure are off: the callers count and make every retry.
 */
@OptIn(InternalIotSdkApi::class)
internal object OkHttpKtorEngine {
    fun create(settings: HttpClientSettings): HttpClient = HttpClient(OkHttp) {
        iotsdkDefaults(settings)
        engine {
            config {
                sslSocketFactory(settings.sslContext.socketFactory, settings.trustManager)
                protocols(listOf(Protocol.HTTP_1_1))
                followRedirects(false)
                followSslRedirects(false)
                retryOnConnectionFailure(false)
                connectTimeout(HttpClients.engineMillis(settings.connectTimeout), TimeUnit.MILLISECONDS)
                val socket = HttpClients.engineMillis(settings.socketTimeout)
                readTimeout(socket, TimeUnit.MILLISECONDS)
                writeTimeout(socket, TimeUnit.MILLISECONDS)
            }
        }
    }
}
