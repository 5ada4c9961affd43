package dev.iotsdk.auth.internal

import dev.iotsdk.auth.Credentials
import org.slf4j.Logger
import org.slf4j.LoggerFactory

/**
 * What the credential providers that call a service tell the application's log (SLF4J logger
 * `dev.iotsdk.auth.CredentialsProvider`): new credentials obtained at INFO (with the provider's `toString()`, which
 * names endpoint, role alias or pool, and the expiration), each request at DEBUG, a failed request with its cause at
 * WARN (its stack trace only when the logger is at DEBUG). Never logged: the access key id, secret access key, session
 * token, logins, tokens or anything signed.
 */
internal object CredentialsLog {
    private val log: Logger = LoggerFactory.getLogger("dev.iotsdk.auth.CredentialsProvider")

    fun requesting(source: Any, operation: String, attempt: Int) {
        if (log.isDebugEnabled) log.debug("{}: {} (attempt {})", source, operation, attempt)
    }

    fun obtained(source: Any, credentials: Credentials) {
        if (log.isInfoEnabled) {
            log.info("{}: new credentials, expiring {}", source, credentials.expiration ?: "never")
        }
    }

    /** The failure's message at WARN; its stack trace too when the logger is at DEBUG. */
    fun failed(source: Any, operation: String, attempt: Int, retryInMillis: Long?, cause: Throwable) {
        if (!log.isWarnEnabled) return
        val what = "${cause.javaClass.simpleName}: ${cause.message}"
        val stack = if (log.isDebugEnabled) cause else null
        if (retryInMillis == null) {
            log.warn("{}: {} failed (attempt {}), giving up: {}", source, operation, attempt, what, stack)
        } else {
            log.warn(
                "{}: {} failed (attempt {}), retrying in {} ms: {}",
                source,
                operation,
                attempt,
                retryInMillis,
                what,
                stack,
            )
        }
    }
}
