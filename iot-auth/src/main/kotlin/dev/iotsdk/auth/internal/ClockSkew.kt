package dev.iotsdk.auth.internal

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

    private fun parse(date: String?): Instant? = try {
        date?.let { ZonedDateTime.parse(it, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant() }
    } catch (e: DateTimeParseException) {
        null
    }
}
