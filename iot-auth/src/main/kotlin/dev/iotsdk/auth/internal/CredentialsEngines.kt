package dev.iotsdk.auth.internal

import dev.iotsdk.auth.CredentialsException
import dev.iotsdk.auth.HttpEngine
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
    /**
     * [engine], or when `null` the JDK engine where `java.net.http` exists and OkHttp elsewhere (Android).
     *
     * @throws CredentialsException for [HttpEngine.CIO]: Ktor's CIO engine cannot present a
     * [dev.iotsdk.auth.TlsIdentity]
     *   that holds only a key manager (PKCS#11, Android KeyStore), which the IoT credentials provider needs.
     */
    fun resolve(engine: HttpEngine?): HttpEngine {
        if (engine == HttpEngine.CIO) {
            throw CredentialsException("The credentials providers run on HttpEngine.JAVA or HttpEngine.OKHTTP, not CIO")
        }
        return engine ?: if (javaNetHttpPresent) HttpEngine.JAVA else HttpEngine.OKHTTP
    }

    fun create(
        engine: HttpEngine,
        sslContext: SSLContext,
        trustManager: X509TrustManager,
        timeout: Duration,
    ): HttpClient = try {
        when (engine) {
            HttpEngine.JAVA -> JavaCredentialsClient.create(sslContext) { common(timeout) }
            HttpEngine.OKHTTP -> OkHttpCredentialsClient.create(sslContext, trustManager) { common(timeout) }
            HttpEngine.CIO -> throw CredentialsException(
                "The credentials providers run on HttpEngine.JAVA or HttpEngine.OKHTTP, not CIO",
            )
        }
    } catch (e: NoClassDefFoundError) {
        val missing = if (engine ==
            HttpEngine.OKHTTP
        ) {
            "io.ktor:ktor-client-okhttp-jvm (the same version as ktor-client-core)"
        } else {
            "java.net.http (JDK 11+)"
        }
        throw CredentialsException(
            "HttpEngine.$engine needs $missing on the classpath; add it or choose another engine",
            e,
        )
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
