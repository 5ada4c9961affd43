package dev.iotsdk.dataplane.internal

import dev.iotsdk.auth.SigV4
import dev.iotsdk.auth.SigningRequest
import dev.iotsdk.common.InternalIotSdkApi
import dev.iotsdk.common.IotSdkException
import dev.iotsdk.common.Jitter
import dev.iotsdk.common.internal.Backoff
import dev.iotsdk.dataplane.DataPlaneClientException
import dev.iotsdk.dataplane.DataPlaneServiceException
import dev.iotsdk.dataplane.IotDataPlaneConfig
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.currentCoroutineContext
import kotlinx.coroutines.delay
import kotlinx.coroutines.ensureActive
import kotlinx.coroutines.withTimeoutOrNull
import java.net.URI
import java.security.cert.CertificateException
import javax.net.ssl.SSLException

/**
 * Signs and sends [DataPlaneRequest]s with retries over an [HttpBackend]. Credentials are resolved for every
 * attempt, so a provider that refreshes expiring credentials is honoured mid-pagination. Each attempt, from sending
 * to the last byte of the answer, is bounded by [IotDataPlaneConfig.requestTimeout]. Messages never include
 * credentials or signatures.
 */
@OptIn(InternalIotSdkApi::class)
internal class Transport(private val config: IotDataPlaneConfig, private val backend: HttpBackend) {
    private val base: URI = URI(config.endpoint)
    private val scheme: String = base.scheme
    private val hostHeader: String = run {
        val port = base.port
        val default = if (scheme == "https") 443 else 80
        if (port == -1 || port == default) base.host else "${base.host}:$port"
    }

    suspend fun execute(request: DataPlaneRequest): DataPlaneResponse {
        val backoff = Backoff(config.retryBaseDelay, config.maxRetryDelay, Jitter.FULL)
        while (true) {
            DataPlaneLog.attempt(request, backoff.attempt + 1)
            val failure: IotSdkException = try {
                val answer = send(request)
                when {
                    answer == null -> timedOut(request)
                    answer.status in SUCCESS -> return DataPlaneResponse(
                        answer.status,
                        answer.body,
                        answer.header("x-amzn-RequestId"),
                    ).also { DataPlaneLog.answered(request, it) }
                    else -> ErrorMapping.exception(request.operation, answer.status, answer::header, answer.body)
                }
            } catch (e: CancellationException) {
                currentCoroutineContext().ensureActive()
                transportFailure(request, e)
            } catch (e: IotSdkException) {
                DataPlaneLog.failed(request, e)
                throw e
            } catch (e: Exception) {
                transportFailure(request, e)
            }
            if (backoff.attempt + 1 >= config.maxAttempts || !shouldRetry(request, failure)) {
                DataPlaneLog.failed(request, failure)
                throw failure
            }
            val attempt = backoff.attempt + 1
            val wait = backoff.next()
            DataPlaneLog.retrying(request, attempt, wait.inWholeMilliseconds, failure)
            delay(wait)
        }
    }

    private fun shouldRetry(request: DataPlaneRequest, failure: IotSdkException): Boolean = when (failure) {
        is DataPlaneServiceException ->
            failure.statusCode == THROTTLED ||
                (request.idempotent && (failure.statusCode ?: 0) >= SERVER_ERROR)
        else -> request.idempotent && failure.isRetryable
    }

    private fun transportFailure(request: DataPlaneRequest, e: Throwable): DataPlaneClientException {
        // the JDK and OkHttp throw SSLExceptions; a trust manager's own CertificateException counts as TLS too
        val tls = generateSequence(e) { it.cause }.take(MAX_CAUSE_DEPTH).any {
            it is SSLException ||
                it is CertificateException
        }
        val what = if (tls) "TLS failed (check the endpoint and trust material)" else "no valid HTTP answer"
        return DataPlaneClientException(
            "${request.operation} failed: $what from ${config.endpoint}: ${e.javaClass.simpleName}${e.message?.let {
                ": ${it.take(MAX_CAUSE)}"
            } ?: ""}",
            e,
            isRetryable = !tls,
        )
    }

    private fun timedOut(request: DataPlaneRequest) = DataPlaneClientException(
        "${request.operation} failed: no complete answer from ${config.endpoint} within the request timeout " +
            "(${config.requestTimeout})",
        null,
        isRetryable = true,
    )

    /** One signed attempt; `null` when it did not complete within the request timeout. */
    private suspend fun send(request: DataPlaneRequest): HttpAnswer? {
        val credentials = config.credentialsProvider.resolve()
        val signed = SigV4.sign(
            SigningRequest(request.method, hostHeader, request.path, request.query, request.headers, request.body),
            credentials,
            config.region,
            config.signingName,
        )
        val url = config.endpoint + request.path + if (signed.query.isEmpty()) "" else "?${signed.query}"
        val body = if (request.method == "POST" || request.method == "PUT") request.body else null
        return withTimeoutOrNull(config.requestTimeout) {
            backend.exchange(
                request.method,
                url,
                request.headers + signed.headers,
                body,
            )
        }
    }

    private companion object {
        val SUCCESS = 200..299
        const val THROTTLED = 429
        const val SERVER_ERROR = 500
        const val MAX_CAUSE = 200
        const val MAX_CAUSE_DEPTH = 5
    }
}
