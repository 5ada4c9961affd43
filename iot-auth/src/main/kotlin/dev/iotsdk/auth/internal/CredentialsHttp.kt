package dev.iotsdk.auth.internal

import dev.iotsdk.auth.CredentialsException
import dev.iotsdk.auth.TlsContexts
import dev.iotsdk.auth.TlsIdentity
import dev.iotsdk.auth.TrustMaterial
import dev.iotsdk.common.HttpEngine
import dev.iotsdk.common.InternalIotSdkApi
import dev.iotsdk.common.internal.http.HttpClientSettings
import dev.iotsdk.common.internal.http.HttpClients
import io.ktor.client.request.header
import io.ktor.client.request.request
import io.ktor.client.request.setBody
import io.ktor.client.statement.bodyAsChannel
import io.ktor.http.ContentType
import io.ktor.http.Headers
import io.ktor.http.HttpMethod
import io.ktor.http.content.TextContent
import io.ktor.utils.io.readBuffer
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.currentCoroutineContext
import kotlinx.coroutines.ensureActive
import kotlinx.io.readByteArray
import javax.net.ssl.SSLException
import kotlin.time.Duration

/** One HTTP answer of a credentials service. Header lookup is case-insensitive. */
internal class CredentialsAnswer(val status: Int, private val headers: Headers, val body: String) {
    fun header(name: String): String? = headers[name]
}

/**
 * The HTTP client of the credentials providers: iot-common's Ktor client ([HttpClients]) on the chosen [HttpEngine]
 * with a TLS context built from [identity] (the client certificate of the IoT credentials provider; `null` for
 * Cognito) and [trust], a per-request [timeout], no redirects, answers read up to [MAX_BODY] bytes. A missing engine
 * is a [CredentialsException] naming the artifact to add. Transport failures become retryable
 * [CredentialsException]s naming [service] and the URL; TLS failures and oversized answers are not retryable.
 * Messages never contain request or response bodies.
 */
@OptIn(InternalIotSdkApi::class)
internal class CredentialsHttp(
    engine: HttpEngine,
    identity: TlsIdentity?,
    trust: TrustMaterial,
    private val timeout: Duration,
    private val service: String,
) : AutoCloseable {
    private val client = HttpClients.create(
        engine,
        HttpClientSettings(TlsContexts.sslContext(identity, trust), trust.trustManager(), timeout, timeout, timeout),
    ) { message, cause -> CredentialsException(message, cause) }

    suspend fun send(
        method: String,
        url: String,
        headers: Map<String, String>,
        body: String?,
        contentType: ContentType? = null,
    ): CredentialsAnswer {
        val answer = try {
            val response = client.request(url) {
                this.method = HttpMethod.parse(method)
                headers.forEach { (k, v) -> header(k, v) }
                if (body != null) setBody(TextContent(body, contentType ?: ContentType.Application.Json))
            }
            val bytes = response.bodyAsChannel().readBuffer(MAX_BODY + 1L).readByteArray()
            CredentialsAnswer(response.status.value, response.headers, bytes.decodeToString()).takeIf {
                bytes.size <=
                    MAX_BODY
            }
        } catch (e: CancellationException) {
            currentCoroutineContext().ensureActive()
            throw failure(url, e)
        } catch (e: Exception) {
            throw failure(url, e)
        }
        return answer ?: throw CredentialsException(
            "$service answered with more than $MAX_BODY bytes at $url; this is not a credentials service (check " +
                "the endpoint)",
        )
    }

    private fun failure(url: String, e: Throwable): CredentialsException {
        val tls = e is SSLException || e.cause is SSLException
        val what = if (tls) {
            "TLS failed (check the endpoint, the trust material and the client certificate)"
        } else {
            "no answer within $timeout or the connection failed"
        }
        return CredentialsException(
            "$service: $what at $url: ${e.javaClass.simpleName}${e.message?.let {
                ": ${it.take(MAX_CAUSE)}"
            } ?: ""}",
            e,
            isRetryable = !tls,
        )
    }

    override fun close() {
        client.close()
    }

    companion object {
        /** [chosen], or when `null` the JDK engine where `java.net.http` exists and OkHttp elsewhere (Android). */
        fun engine(chosen: HttpEngine?): HttpEngine = chosen ?: HttpClients.platformDefault

        /** The largest answer read; AWS's are about 1 KB (aws-c-auth refuses IoT answers over 2 KB). */
        const val MAX_BODY = 64 * 1024
        private const val MAX_CAUSE = 200
    }
}
