package dev.iotsdk.dataplane.internal

import dev.iotsdk.auth.SigV4
import dev.iotsdk.auth.SigningRequest
import dev.iotsdk.dataplane.DataPlaneClientException
import dev.iotsdk.dataplane.DataPlaneServiceException
import dev.iotsdk.dataplane.IotDataPlaneConfig
import dev.iotsdk.model.IotSdkException
import io.ktor.client.HttpClient
import io.ktor.client.request.header
import io.ktor.client.request.request
import io.ktor.client.request.setBody
import io.ktor.client.statement.readRawBytes
import io.ktor.http.ContentType
import io.ktor.http.HttpMethod
import io.ktor.http.URLBuilder
import io.ktor.http.Url
import io.ktor.http.content.ByteArrayContent
import io.ktor.http.takeFrom
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.currentCoroutineContext
import kotlinx.coroutines.delay
import kotlinx.coroutines.ensureActive
import java.net.URI
import javax.net.ssl.SSLException

/**
 * Signs and sends [DataPlaneRequest]s with retries. Credentials are resolved for every attempt, so a provider that
 * refreshes expiring credentials is honoured mid-pagination. Messages never include credentials or signatures.
 */
internal class Transport(private val config: IotDataPlaneConfig, private val http: HttpClient) {
    private val base: URI = URI(config.endpoint)
    private val scheme: String = base.scheme
    private val hostHeader: String = run {
        val port = base.port
        val default = if (scheme == "https") 443 else 80
        if (port == -1 || port == default) base.host else "${base.host}:$port"
    }
    private val backoff = Backoff(config.retryBaseDelay, config.maxRetryDelay)

    suspend fun execute(request: DataPlaneRequest): DataPlaneResponse {
        var attempt = 1
        while (true) {
            val failure: IotSdkException = try {
                val answer = send(request)
                if (answer.status in SUCCESS) return DataPlaneResponse(answer.status, answer.body, answer.header("x-amzn-RequestId"))
                ErrorMapping.exception(request.operation, answer.status, answer::header, answer.body)
            } catch (e: CancellationException) {
                currentCoroutineContext().ensureActive()
                transportFailure(request, e)
            } catch (e: IotSdkException) {
                throw e
            } catch (e: Exception) {
                transportFailure(request, e)
            }
            if (attempt >= config.maxAttempts || !shouldRetry(request, failure)) throw failure
            delay(backoff.delayBefore(attempt))
            attempt++
        }
    }

    private fun shouldRetry(request: DataPlaneRequest, failure: IotSdkException): Boolean = when (failure) {
        is DataPlaneServiceException -> failure.statusCode == THROTTLED || (request.idempotent && (failure.statusCode ?: 0) >= SERVER_ERROR)
        else -> request.idempotent && failure.isRetryable
    }

    private fun transportFailure(request: DataPlaneRequest, e: Throwable): DataPlaneClientException {
        val tls = e is SSLException || e.cause is SSLException
        val what = if (tls) "TLS failed (check the endpoint and trust material)" else "no valid HTTP answer"
        return DataPlaneClientException(
            "${request.operation} failed: $what from ${config.endpoint}: ${e.javaClass.simpleName}${e.message?.let { ": ${it.take(MAX_CAUSE)}" } ?: ""}",
            e,
            isRetryable = !tls,
        )
    }

    private class Answer(val status: Int, val headers: io.ktor.http.Headers, val body: ByteArray) {
        fun header(name: String): String? = headers[name]
    }

    private suspend fun send(request: DataPlaneRequest): Answer {
        val credentials = config.credentialsProvider.resolve()
        val signed = SigV4.sign(
            SigningRequest(request.method, hostHeader, request.path, request.query, request.headers, request.body),
            credentials,
            config.region,
            config.signingName,
        )
        val url = URLBuilder().takeFrom(
            Url(config.endpoint + request.path + if (signed.query.isEmpty()) "" else "?${signed.query}"),
        ).build()
        val response = http.request(url) {
            method = HttpMethod.parse(request.method)
            request.headers.forEach { (k, v) -> header(k, v) }
            signed.headers.forEach { (k, v) -> header(k, v) }
            if (request.method == "POST" || request.method == "PUT") {
                setBody(ByteArrayContent(request.body, ContentType.Application.OctetStream))
            }
        }
        return Answer(response.status.value, response.headers, response.readRawBytes())
    }

    private companion object {
        val SUCCESS = 200..299
        const val THROTTLED = 429
        const val SERVER_ERROR = 500
        const val MAX_CAUSE = 200
    }
}
