package dev.iotsdk.commands

import kotlin.time.Duration
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.seconds
import kotlin.time.toKotlinDuration

/**
 * Settings of a [CommandRunner].
 *
 * | setting | default |
 * |---|---|
 * | [maxConcurrent] | 1: one execution at a time, in arrival order |
 * | [reportInProgress] | `true`: IN_PROGRESS is reported before the handler starts |
 * | [timeoutWithoutExpiry] | `null`: executions that arrive without a timeout (MQTT 3.1.1) run until the handler ends |
 * | [retryDelay] / [maxRetryDelay] | 200 ms doubling to 5 s, between attempts to report a final status |
 * | [maxReportAttempts] | 5 attempts to report a final status |
 *
 * ```kotlin
 * CommandRunner(commands, CommandRunnerOptions(maxConcurrent = 4), handler)
 * ```
 */
public class CommandRunnerOptions @JvmOverloads constructor(
    /** How many executions run at once; more wait (their timeout keeps running). */
    public val maxConcurrent: Int = 1,
    /** Whether the runner reports IN_PROGRESS before it starts the handler. */
    public val reportInProgress: Boolean = true,
    /** The timeout of executions that carry none; `null` for none. */
    public val timeoutWithoutExpiry: Duration? = null,
    /** The first delay between attempts to report a final status. */
    public val retryDelay: Duration = 200.milliseconds,
    /** The longest delay between attempts. */
    public val maxRetryDelay: Duration = 5.seconds,
    /** How many times a final status is tried before the runner gives up on it ([CommandRunnerEvent.Error]). */
    public val maxReportAttempts: Int = 5,
) {
    init {
        require(maxConcurrent >= 1) { "maxConcurrent must be at least 1" }
        require(timeoutWithoutExpiry == null || timeoutWithoutExpiry.isPositive()) {
            "timeoutWithoutExpiry must be positive"
        }
        require(retryDelay.isPositive() && maxRetryDelay >= retryDelay) { "need 0 < retryDelay <= maxRetryDelay" }
        require(maxReportAttempts >= 1) { "maxReportAttempts must be at least 1" }
    }

    /** For Java callers: [maxConcurrent] and [timeoutWithoutExpiry] (may be `null`), the other settings defaulted. */
    public constructor(maxConcurrent: Int, timeoutWithoutExpiry: java.time.Duration?) :
        this(maxConcurrent, true, timeoutWithoutExpiry?.toKotlinDuration())

    override fun toString(): String =
        "CommandRunnerOptions(maxConcurrent=$maxConcurrent, reportInProgress=$reportInProgress, " +
            "timeoutWithoutExpiry=$timeoutWithoutExpiry)"
}
