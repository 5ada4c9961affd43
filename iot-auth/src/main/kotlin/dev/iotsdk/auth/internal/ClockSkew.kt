package dev.iotsdk.auth.internal

import dev.iotsdk.auth.Credentials
import dev.iotsdk.auth.CredentialsException
import java.time.Clock
import java.time.Duration
import java.time.Instant
import java.time.ZonedDateTime
import java.time.format.DateTimeFormatter
import java.time.format.DateTimeParseException

/**
 * Credential expirations are stated on the service's clock. When the service's `Date` header shows a clock more than
 * a minute away from `clock`, the expiration is moved by that skew so the cache refreshes on time by the local clock
 * (a device whose clock is behind would otherwise keep expired credentials; one ahead would refetch on every call).
 */
internal object ClockSkew {
    private val TOLERANCE: Duration = Duration.ofMinutes(1)

    fun localExpiration(expiration: Instant, dateHeader: String?, clock: Clock): Instant {
        val serverNow = parse(dateHeader) ?: return expiration
        val skew = Duration.between(clock.instant(), serverNow)
        return if (skew.abs() > TOLERANCE) expiration.minus(skew) else expiration
    }

    /**
     * [issued] with its expiration on the local clock ([localExpiration]). Credentials that are already expired by
     * that clock are refused (as the Greengrass token exchange service does): caching them would ask the service
     * again on every call. The message names the expiry, never the credentials.
     */
    fun localize(issued: Credentials, dateHeader: String?, clock: Clock, service: String): Credentials {
        val expiration = localExpiration(requireNotNull(issued.expiration), dateHeader, clock)
        if (!expiration.isAfter(clock.instant())) {
            throw CredentialsException(
                "$service answered with credentials that expire at $expiration, which is not after " +
                    "${clock.instant()} by this device's " +
                    "clock; set the device clock (or check the endpoint)",
            )
        }
        return Credentials(issued.accessKeyId, issued.secretAccessKey, issued.sessionToken, expiration)
    }

    private fun parse(date: String?): Instant? = try {
        date?.let { ZonedDateTime.parse(it, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant() }
    } catch (e: DateTimeParseException) {
        null
    }
}
