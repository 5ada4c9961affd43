package dev.iotsdk.dataplane.internal

import dev.iotsdk.common.IotSdkException
import dev.iotsdk.dataplane.DataPlaneServiceException
import org.slf4j.Logger
import org.slf4j.LoggerFactory

/**
 * What data-plane calls tell the application's log (SLF4J logger `dev.iotsdk.dataplane.IotDataPlaneClient`): each
 * attempt and its answer at DEBUG (operation, method, path, status, request id); a failure that is retried, a
 * transport failure and a 5xx answer with their cause at WARN (the stack trace only when the logger is at DEBUG); an
 * error answer the caller handles (4xx) at DEBUG, since it reaches the caller as a typed exception. Never logged:
 * credentials, signatures, headers, the query or a body.
 */
internal object DataPlaneLog {
    private val log: Logger = LoggerFactory.getLogger("dev.iotsdk.dataplane.IotDataPlaneClient")

    fun attempt(request: DataPlaneRequest, attempt: Int) {
        if (log.isDebugEnabled) {
            log.debug("{} {} {} (attempt {})", request.operation, request.method, request.path, attempt)
        }
    }

    fun answered(request: DataPlaneRequest, response: DataPlaneResponse) {
        if (log.isDebugEnabled) {
            log.debug("{} answered {} (request id {})", request.operation, response.status, response.requestId)
        }
    }

    fun retrying(request: DataPlaneRequest, attempt: Int, delayMillis: Long, failure: IotSdkException) {
        if (log.isWarnEnabled) {
            log.warn(
                "{} failed (attempt {}), retrying in {} ms: {}",
                request.operation,
                attempt,
                delayMillis,
                failure.message,
                stackAtDebug(failure),
            )
        }
    }

    fun failed(request: DataPlaneRequest, failure: IotSdkException) {
        val serverSide = failure is DataPlaneServiceException && (failure.statusCode ?: 0) >= SERVER_ERROR
        if (failure is DataPlaneServiceException && !serverSide) {
            if (log.isDebugEnabled) log.debug("{} failed: {}", request.operation, failure.message)
        } else if (log.isWarnEnabled) {
            log.warn("{} failed: {}", request.operation, failure.message, stackAtDebug(failure))
        }
    }

    /** The failure to attach (its stack trace) when the logger is at DEBUG, else `null`: a WARN line stays one line. */
    private fun stackAtDebug(failure: Throwable): Throwable? = failure.takeIf { log.isDebugEnabled }

    private const val SERVER_ERROR = 500
}
