package dev.iotsdk.auth.internal

import dev.iotsdk.auth.CredentialsException
import io.ktor.client.HttpClient
import io.ktor.client.engine.java.Java
import io.ktor.client.plugins.HttpTimeout
import io.ktor.client.request.header
import io.ktor.client.request.request
import io.ktor.client.request.setBody
import io.ktor.client.statement.bodyAsText
import io.ktor.http.ContentType
import io.ktor.http.HttpMethod
import io.ktor.http.content.TextContent
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.currentCoroutineContext
import kotlinx.coroutines.ensureActive
import javax.net.ssl.SSLContext
import javax.net.ssl.SSLException
import kotlin.time.Duration

/** One HTTP answer of a credentials service. Header lookup is case-insensitive. */
internal class CredentialsAnswer(val status: Int, private val headers: io.ktor.http.Headers, val body: String) {
    fun header(name: String): String? = headers[name]
}

/**
 * The HTTP client of the credentials providers: Ktor on the JDK's `java.net.http` engine with the given TLS context
 * (a client certificate for the IoT credentials provider), a per-request [timeout], no redirects. Transport failures
 * become retryable [CredentialsException]s naming [service] and the URL; TLS failures are not retryable. Messages
 * never contain request or response bodies.
 */
internal class CredentialsHttp(sslContext: SSLContext, private val timeout: Duration, private val service: String) : AutoCloseable {
    private val client = HttpClient(Java) {
        expectSuccess = false
        followRedirects = false
        install(HttpTimeout) {
            connectTimeoutMillis = timeout.inWholeMilliseconds
            requestTimeoutMillis = timeout.inWholeMilliseconds
            socketTimeoutMillis = timeout.inWholeMilliseconds
        }
        engine { config { sslContext(sslContext) } }
    }

    suspend fun send(method: String, url: String, headers: Map<String, String>, body: String?, contentType: ContentType? = null): CredentialsAnswer =
        try {
            val response = client.request(url) {
                this.method = HttpMethod.parse(method)
                headers.forEach { (k, v) -> header(k, v) }
                if (body != null) setBody(TextContent(body, contentType ?: ContentType.Application.Json))
            }
            CredentialsAnswer(response.status.value, response.headers, response.bodyAsText())
        } catch (e: CancellationException) {
            currentCoroutineContext().ensureActive()
            throw failure(url, e)
        } catch (e: Exception) {
            throw failure(url, e)
        }

    private fun failure(url: String, e: Throwable): CredentialsException {
        val tls = e is SSLException || e.cause is SSLException
        val what = if (tls) "TLS failed (check the endpoint, the trust material and the client certificate)" else "no answer within $timeout or the connection failed"
        return CredentialsException("$service: $what at $url: ${e.javaClass.simpleName}${e.message?.let { ": ${it.take(MAX_CAUSE)}" } ?: ""}", e, isRetryable = !tls)
    }

    override fun close() {
        client.close()
    }

    private companion object {
        const val MAX_CAUSE = 200
    }
}
