package dev.iotsdk.common.internal.http

import dev.iotsdk.common.HttpEngine
import dev.iotsdk.common.InternalIotSdkApi
import java.security.KeyStore
import javax.net.ssl.SSLContext
import javax.net.ssl.TrustManagerFactory
import javax.net.ssl.X509TrustManager
import kotlin.time.Duration.Companion.seconds

/** The JVM's default TLS context and trust manager, for clients of the tests' local servers. */
@OptIn(InternalIotSdkApi::class)
internal fun defaultSettings(requestTimeout: kotlin.time.Duration? = null): HttpClientSettings {
    val factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm())
    factory.init(null as KeyStore?)
    val trust = factory.trustManagers.filterIsInstance<X509TrustManager>().first()
    return HttpClientSettings(SSLContext.getDefault(), trust, 5.seconds, 5.seconds, requestTimeout)
}

/**
 * Runs [HttpClients] inside a class loader that hides some classes (see HttpClientsTest): only strings cross the
 * loader boundary.
 */
@OptIn(InternalIotSdkApi::class)
object MissingEngineProbe {
    /** "created", or the message of the caller's error. */
    @JvmStatic
    fun tryCreate(engine: String): String = try {
        HttpClients.create(HttpEngine.valueOf(engine), defaultSettings()) { message, cause ->
            IllegalStateException(message, cause)
        }.close()
        "created"
    } catch (e: IllegalStateException) {
        e.message ?: "no message"
    }

    /** The engine a client takes when none is chosen. */
    @JvmStatic
    fun platformDefault(): String = HttpClients.platformDefault.name
}
