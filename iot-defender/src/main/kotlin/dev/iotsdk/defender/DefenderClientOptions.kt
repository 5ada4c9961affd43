package dev.iotsdk.defender

import kotlin.time.Duration
import kotlin.time.Duration.Companion.seconds
import kotlin.time.toKotlinDuration

/**
 * Settings of a [DefenderClient].
 *
 * | setting | default | why |
 * |---|---|---|
 * | [format] | [ReportFormat.JSON] | what every AWS SDK sends (the C and C++ SDKs refuse CBOR) |
 * | [keyNames] | [KeyNames.LONG] | what the AWS C/C++ SDKs send; [KeyNames.SHORT] halves the size |
 * | [responseTimeout] | 30 s | how long [DefenderClient.send] waits for `accepted` or `rejected` |
 *
 * ```kotlin
 * val options = DefenderClientOptions(format = ReportFormat.CBOR, keyNames = KeyNames.SHORT)
 * ```
 * @throws IllegalArgumentException when [responseTimeout] is not positive.
 */
public class DefenderClientOptions @JvmOverloads constructor(
    /** The payload format (and topic level). */
    public val format: ReportFormat = ReportFormat.JSON,
    /** The key names reports are written with. */
    public val keyNames: KeyNames = KeyNames.LONG,
    /** How long a report waits for its answer. */
    public val responseTimeout: Duration = DEFAULT_RESPONSE_TIMEOUT,
) {
    init {
        require(responseTimeout.isPositive()) { "responseTimeout must be positive" }
    }

    /** For Java callers: the timeout as a [java.time.Duration]. */
    public constructor(format: ReportFormat, keyNames: KeyNames, responseTimeout: java.time.Duration) :
        this(format, keyNames, responseTimeout.toKotlinDuration())

    override fun toString(): String =
        "DefenderClientOptions(format=$format, keyNames=$keyNames, responseTimeout=$responseTimeout)"

    private companion object {
        private val DEFAULT_RESPONSE_TIMEOUT = 30.seconds
    }
}
