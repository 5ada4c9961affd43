package dev.iotsdk.auth.credentials

import java.time.Clock
import java.time.Instant
import java.time.ZoneId
import java.time.ZoneOffset
import kotlin.time.Duration
import kotlin.time.toJavaDuration

/** A clock tests move forward by hand. */
class MutableClock(@Volatile var now: Instant = Instant.now()) : Clock() {
    fun advance(by: Duration) {
        now = now.plus(by.toJavaDuration())
    }

    override fun getZone(): ZoneId = ZoneOffset.UTC

    override fun withZone(zone: ZoneId?): Clock = this

    override fun instant(): Instant = now
}
