package dev.iotsdk.common.internal.http

import dev.iotsdk.common.HttpEngine
import dev.iotsdk.common.InternalIotSdkApi
import io.ktor.client.HttpClient
import io.ktor.client.HttpClientConfig
import io.ktor.client.plugins.HttpTimeout
import kotlin.time.Duration

/**
 * The one place iotsdk's HTTPS clients (the credentials providers, the data plane, Greengrass discovery) get their
 * Ktor [HttpClient]: the chosen [HttpEngine] with the settings' TLS context and timeouts, HTTP/1.1, no redirects,
 * no retries of the engine's own (OkHttp's `retryOnConnectionFailure` is off: the callers count and make every retry)
 * and `expectSuccess = false` (callers read every status).
 *
 * Each engine lives in its own class ([JavaKtorEngine], [OkHttpKtorEngine]), so only the chosen one is loaded: the
 * JDK engine's `java.net.http` does not exist on Android, and OkHttp is an optional artifact. A missing engine becomes
 * the caller's own typed error (from `unavailable`), naming what to add.
 *
 * ```kotlin
 * val client = HttpClients.create(HttpEngine.OKHTTP, settings) { message, cause -> CredentialsException(message, cause) }
 * ```
 */
@InternalIotSdkApi
public object HttpClients {
    private const val JDK_CLIENT = "java.net.http.HttpClient"
    private const val KTOR_CORE = "the same version as ktor-client-core-jvm"

    /** [HttpEngine.JAVA] where `java.net.http` exists, [HttpEngine.OKHTTP] elsewhere (Android). */
    public val platformDefault: HttpEngine get() = if (javaNetHttpPresent) HttpEngine.JAVA else HttpEngine.OKHTTP

    private val javaNetHttpPresent: Boolean by lazy { isPresent(JDK_CLIENT, HttpClients::class.java.classLoader) }

    /**
     * A new client on [engine]; the caller closes it.
     * @throws Throwable what [unavailable] makes of a message naming the missing engine and the artifact to add.
     */
    public fun create(
        engine: HttpEngine,
        settings: HttpClientSettings,
        unavailable: (message: String, cause: Throwable?) -> Throwable,
    ): HttpClient {
        requireJavaNetHttp(engine, unavailable)
        return try {
            when (engine) {
                HttpEngine.JAVA -> JavaKtorEngine.create(settings)
                HttpEngine.OKHTTP -> OkHttpKtorEngine.create(settings)
            }
        } catch (e: NoClassDefFoundError) {
            throw unavailable(missingMessage(engine, e.message), e)
        }
    }

    /**
     * Fails with [unavailable] when [engine] is [HttpEngine.JAVA] and this runtime has no `java.net.http` (Android),
     * for a caller that drives the JDK client itself (the data plane's fast path) as well as for [create].
     */
    public fun requireJavaNetHttp(engine: HttpEngine, unavailable: (message: String, cause: Throwable?) -> Throwable) {
        if (engine != HttpEngine.JAVA || javaNetHttpPresent) return
        throw unavailable(missingMessage(engine, JDK_CLIENT), null)
    }

    /** The message for [engine] when the class [missing] (a binary or dotted name, as the JVM reports it) is absent. */
    internal fun missingMessage(engine: HttpEngine, missing: String?): String {
        val name = missing.orEmpty().replace('/', '.')
        return when {
            engine == HttpEngine.OKHTTP ->
                "HttpEngine.OKHTTP needs io.ktor:ktor-client-okhttp-jvm on the classpath ($KTOR_CORE); add it or " +
                    "choose HttpEngine.JAVA"
            name.startsWith("java.net.http") ->
                "HttpEngine.JAVA needs java.net.http (JDK 11+), which this runtime lacks (Android has none): choose " +
                    "HttpEngine.OKHTTP and add io.ktor:ktor-client-okhttp-jvm"
            else ->
                "HttpEngine.JAVA needs io.ktor:ktor-client-java-jvm on the classpath ($KTOR_CORE); add it or " +
                    "choose HttpEngine.OKHTTP"
        }
    }

    /** What both engines share: no redirects, every status returned, and [HttpClientSettings.requestTimeout]. */
    internal fun HttpClientConfig<*>.iotsdkDefaults(settings: HttpClientSettings) {
        expectSuccess = false
        followRedirects = false
        val request = settings.requestTimeout ?: return
        install(HttpTimeout) {
            connectTimeoutMillis = settings.connectTimeout.inWholeMilliseconds
            requestTimeoutMillis = request.inWholeMilliseconds
            socketTimeoutMillis = settings.socketTimeout.inWholeMilliseconds
        }
    }

    /** [duration] in milliseconds for an engine where 0 means "no timeout": at least 1, 0 when it does not fit. */
    internal fun engineMillis(duration: Duration): Long {
        val millis = duration.inWholeMilliseconds
        return if (!duration.isFinite() || millis > Int.MAX_VALUE) 0L else millis.coerceAtLeast(1L)
    }

    /** Whether [className] can be loaded; its absence is the answer, not an error to pass on. */
    @Suppress("SwallowedException")
    internal fun isPresent(className: String, loader: ClassLoader?): Boolean = try {
        Class.forName(className, false, loader)
        true
    } catch (e: ClassNotFoundException) {
        false
    } catch (e: LinkageError) {
        false
    }
}
