package dev.iotsdk.jobs

import kotlin.time.Duration
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.seconds
import kotlin.time.toJavaDuration
import kotlin.time.toKotlinDuration

/**
 * Settings of a [JobRunner].
 *
 * | setting | default |
 * |---|---|
 * | [stepTimeoutInMinutes] | none: no step timer when an execution is started |
 * | [retryDelay] | 200 ms, doubled per failed attempt up to [maxRetryDelay] |
 * | [maxRetryDelay] | 10 s |
 */
public class JobRunnerOptions @JvmOverloads constructor(
    /** The step timer (1–10080 minutes) set when the runner starts an execution, or `null` for none. */
    public val stepTimeoutInMinutes: Long? = null,
    /** The first delay before retrying a failed request. */
    public val retryDelay: Duration = 200.milliseconds,
    /** The longest delay between retries. */
    public val maxRetryDelay: Duration = 10.seconds,
) {
    init {
        require(stepTimeoutInMinutes == null || stepTimeoutInMinutes in 1..10080) {
            "stepTimeoutInMinutes must be 1–10080"
        }
        require(retryDelay.isPositive() && maxRetryDelay >= retryDelay) { "retry delays must be positive and ordered" }
    }

    /** For Java callers: the retry delays as [java.time.Duration]s. */
    public constructor(stepTimeoutInMinutes: Long?, retryDelay: java.time.Duration, maxRetryDelay: java.time.Duration) :
        this(stepTimeoutInMinutes, retryDelay.toKotlinDuration(), maxRetryDelay.toKotlinDuration())

    /** [retryDelay] as a [java.time.Duration], for Java callers. */
    public fun retryDelayJava(): java.time.Duration = retryDelay.toJavaDuration()

    /** [maxRetryDelay] as a [java.time.Duration], for Java callers. */
    public fun maxRetryDelayJava(): java.time.Duration = maxRetryDelay.toJavaDuration()

    override fun toString(): String =
        "JobRunnerOptions(stepTimeout=$stepTimeoutInMinutes, retry=$retryDelay..$maxRetryDelay)"
}
