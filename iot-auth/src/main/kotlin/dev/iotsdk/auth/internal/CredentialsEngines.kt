package dev.iotsdk.auth.internal

import dev.iotsdk.auth.CredentialsException
import dev.iotsdk.auth.CredentialsHttpEngine
import io.ktor.client.HttpClient
import io.ktor.client.HttpClientConfig
import io.ktor.client.plugins.HttpTimeout
import javax.net.ssl.SSLContext
import javax.net.ssl.X509TrustManager
import kotlin.time.Duration

/**
 * Builds the Ktor [HttpClient] of the credentials providers. The JDK and OkHttp engines live in their own classes
 * ([JavaCredentialsClient], [OkHttpCredentialsClient]) so that only the chosen one is loaded: the JDK engine's
 * `java.net.http` does not exist on Android, and OkHttp is an optional artifact.
 */
internal object CredentialsEngines {
    /** [engine], or when `null` the JDK engine where `java.net.http` exists and OkHttp elsewhere (Android). */
    fun resolve(engine: CredentialsHttpEngine?): CredentialsHttpEngine =
        engine ?: if (javaNetHttpPresent) CredentialsHttpEngine.JAVA else CredentialsHttpEngine.OKHTTP

    fun create(engine: CredentialsHttpEngine, sslContext: SSLContext, trustManager: X509TrustManager, timeout: Duration): HttpClient = try {
        when (engine) {
            CredentialsHttpEngine.JAVA -> JavaCredentialsClient.create(sslContext) { common(timeout) }
            CredentialsHttpEngine.OKHTTP -> OkHttpCredentialsClient.create(sslContext, trustManager) { common(timeout) }
        }
    } catch (e: NoClassDefFoundError) {
        val missing = if (engine == CredentialsHttpEngine.OKHTTP) "io.ktor:ktor-client-okhttp-jvm (the same version as ktor-client-core)" else "java.net.http (JDK 11+)"
        throw CredentialsException("CredentialsHttpEngine.$engine needs $missing on the classpath; add it or choose another engine", e)
    }

    private fun HttpClientConfig<*>.common(timeout: Duration) {
        expectSuccess = false
        followRedirects = false
        install(HttpTimeout) {
            connectTimeoutMillis = timeout.inWholeMilliseconds
            requestTimeoutMillis = timeout.inWholeMilliseconds
            socketTimeoutMillis = timeout.inWholeMilliseconds
        }
    }

    private val javaNetHttpPresent: Boolean by lazy {
        try {
            Class.forName("java.net.http.HttpClient", false, CredentialsEngines::class.java.classLoader)
            true
        } catch (e: ClassNotFoundException) {
            false
        } catch (e: LinkageError) {
            false
        }
    }
}
