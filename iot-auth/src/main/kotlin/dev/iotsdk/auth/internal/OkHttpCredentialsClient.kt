package dev.iotsdk.auth.internal

import io.ktor.client.HttpClient
import io.ktor.client.HttpClientConfig
import io.ktor.client.engine.okhttp.OkHttp
import io.ktor.client.engine.okhttp.OkHttpConfig
import javax.net.ssl.SSLContext
import javax.net.ssl.X509TrustManager

/**
 * The OkHttp engine (optional `ktor-client-okhttp-jvm`); loaded only when [dev.iotsdk.auth.HttpEngine.OKHTTP]
 * is chosen. The socket factory of [sslContext] carries the client certificate for mutual TLS.
 */
internal object OkHttpCredentialsClient {
    fun create(
        sslContext: SSLContext,
        trustManager: X509TrustManager,
        common: HttpClientConfig<OkHttpConfig>.() -> Unit,
    ): HttpClient = HttpClient(OkHttp) {
        common()
        engine { config { sslSocketFactory(sslContext.socketFactory, trustManager) } }
    }
}
