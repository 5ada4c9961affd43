package dev.iotsdk.auth.internal

import io.ktor.client.HttpClient
import io.ktor.client.HttpClientConfig
import io.ktor.client.engine.java.Java
import io.ktor.client.engine.java.JavaHttpConfig
import javax.net.ssl.SSLContext

/** The JDK `java.net.http` engine; loaded only when [dev.iotsdk.auth.HttpEngine.JAVA] is chosen (never on Android). */
@JdkOnly
internal object JavaCredentialsClient {
    fun create(sslContext: SSLContext, common: HttpClientConfig<JavaHttpConfig>.() -> Unit): HttpClient =
        HttpClient(Java) {
            common()
            engine { config { sslContext(sslContext) } }
        }
}
