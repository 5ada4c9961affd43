package dev.iotsdk.defender

import kotlin.time.Duration
import kotlin.time.Duration.Companion.seconds
import kotlin.time.toKotlinDuration

/**
 * Settings of a [DefenderReporter].
 *
 * | setting | default | why |
 * |---|---|---|
 * | [period] | 5 min | AWS: "set the time interval to a minimum of 300 seconds", otherwise reports "may be throttled"; shorter is refused |
 * | [initialDelay] | 0 | the first report goes out as soon as the reporter runs |
 *
 * ```kotlin
 * val options = DefenderReporterOptions(period = 15.minutes)
 * ```
 * @throws IllegalArgumentException when [period] is under [MINIMUM_PERIOD] or [initialDelay] is negative.
 */
public class DefenderReporterOptions @JvmOverloads constructor(
    /** The time from the end of one report to the start of the next. */
    public val period: Duration = MINIMUM_PERIOD,
    /** The wait before the first report. */
    public val initialDelay: Duration = Duration.ZERO,
) {
    init {
        require(period >= MINIMUM_PERIOD) {
            "period must be at least $MINIMUM_PERIOD (AWS throttles devices to one report per 5 minutes), not $period"
        }
        require(!initialDelay.isNegative()) { "initialDelay must not be negative" }
    }

    /** For Java callers: durations as [java.time.Duration]. */
    public constructor(period: java.time.Duration, initialDelay: java.time.Duration) :
        this(period.toKotlinDuration(), initialDelay.toKotlinDuration())

    override fun toString(): String = "DefenderReporterOptions(period=$period, initialDelay=$initialDelay)"

    /** AWS's limits. */
    public companion object {
        /** AWS's minimum interval between two reports of a device, in seconds (Java: use this). */
        public const val MINIMUM_PERIOD_SECONDS: Long = 300

        /** AWS's minimum interval between two reports of a device: 300 seconds. */
        public val MINIMUM_PERIOD: Duration = MINIMUM_PERIOD_SECONDS.seconds
    }
}
