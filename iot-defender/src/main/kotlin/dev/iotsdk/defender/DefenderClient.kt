package dev.iotsdk.defender

import dev.iotsdk.common.InternalIotSdkApi
import dev.iotsdk.common.internal.DecodeFailures
import dev.iotsdk.common.internal.IotName
import dev.iotsdk.core.IotMqttClient
import dev.iotsdk.core.MalformedResponseException
import dev.iotsdk.core.MqttMessage
import dev.iotsdk.core.OperationTimeoutException
import dev.iotsdk.core.Qos
import dev.iotsdk.core.Subscription
import dev.iotsdk.defender.internal.ResponseCodec
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.flow.mapNotNull
import kotlinx.coroutines.sync.Mutex
import kotlinx.coroutines.sync.withLock
import kotlinx.coroutines.withTimeoutOrNull
import java.util.concurrent.Executor
import java.util.concurrent.atomic.AtomicLong

/**
 * AWS IoT Device Defender Detect for one thing: [send] publishes a [MetricsReport] to
 * `$aws/things/<thingName>/defender/metrics/<json|cbor>` and returns when AWS accepted it (or throws the typed
 * rejection); [DefenderReporter] sends reports on a schedule. Report ids come from [nextReportId] (epoch
 * milliseconds, strictly increasing, as AWS requires).
 *
 * Kotlin:
 * ```kotlin
 * val defender = DefenderClient(mqtt, thingName = "sensor-1")
 * val report = MetricsReport(defender.nextReportId(), ProcNetCollector().collect())
 * defender.send(report)
 * ```
 * Java:
 * ```java
 * DefenderClientJava defender = new DefenderClient(mqtt, "sensor-1").asJava();
 * defender.send(report).get();
 * ```
 *
 * Threading: every function may be called from any thread; sends run one at a time (AWS's answers need not name the
 * report). Cancelling [send] stops waiting (the report may still arrive). [send] does not throttle: AWS asks for at
 * most one report per 5 minutes per device, which [DefenderReporter] keeps. [close] does not close [mqtt].
 *
 * @throws IllegalArgumentException (constructor) for a thing name AWS would refuse (over 128 bytes, control characters).
 */
@OptIn(InternalIotSdkApi::class)
public class DefenderClient @JvmOverloads constructor(
    /** The MQTT connection (connected by the caller). */
    public val mqtt: IotMqttClient,
    /** The thing the reports are for (usually the connection's own). */
    public val thingName: String,
    /** The settings. */
    public val options: DefenderClientOptions = DefenderClientOptions(),
) : AutoCloseable {
    init {
        IotName.THING.requireValid(thingName)
    }

    private val codec = ResponseCodec(options.format)
    private val sending = Mutex()
    private val lastIssued = AtomicLong()
    private val lastSent = AtomicLong()

    /** The topic reports are published to. */
    public val reportTopic: String = "\$aws/things/$thingName/defender/metrics/${options.format.topicSuffix}"

    /** The topic of accepted answers. */
    public val acceptedTopic: String = "$reportTopic/accepted"

    /** The topic of rejected answers. */
    public val rejectedTopic: String = "$reportTopic/rejected"

    /**
     * A new report id: the current epoch milliseconds, or one more than the last id this client issued or sent when
     * the clock has not moved on (or went back), so ids always increase.
     */
    public fun nextReportId(): Long {
        val now = System.currentTimeMillis()
        return lastIssued.updateAndGet { last -> maxOf(now, last + 1, lastSent.get() + 1) }
    }

    /**
     * Publishes [report] (QoS 1) after subscribing to the answers, and returns AWS's acceptance.
     * @throws IllegalArgumentException when [report]'s id is not greater than the last one this client sent (AWS
     *   requires increasing ids).
     * @throws DefenderRejectedException when AWS rejects the report.
     * @throws OperationTimeoutException when no answer arrives within [DefenderClientOptions.responseTimeout].
     * @throws MalformedResponseException when the answer cannot be decoded.
     */
    public suspend fun send(report: MetricsReport): ReportAccepted = sending.withLock {
        val previous = lastSent.get()
        require(report.reportId > previous) {
            "report ids must increase: ${report.reportId} is not greater than $previous, the last one sent; " +
                "use nextReportId()"
        }
        val payload = MetricsReportCodec.encode(report, options.format, options.keyNames)
        mqtt.openSubscription(
            Subscription(acceptedTopic, Qos.AT_LEAST_ONCE),
            Subscription(rejectedTopic, Qos.AT_LEAST_ONCE),
        ).use { sub ->
            mqtt.publish(reportTopic, payload, Qos.AT_LEAST_ONCE)
            lastSent.set(report.reportId)
            lastIssued.updateAndGet { maxOf(it, report.reportId) }
            withTimeoutOrNull(options.responseTimeout) {
                sub.messages.mapNotNull { answer(it, report.reportId) }.first()
            } ?: throw OperationTimeoutException(
                "Device Defender: no answer to report ${report.reportId} within ${options.responseTimeout}; is the " +
                    "thing allowed to publish to $reportTopic and subscribe to its accepted and rejected topics?",
            )
        }
    }

    /** The Java view; callbacks run on [executor] (`null`: a thread of the view's own). */
    @JvmOverloads
    public fun asJava(executor: Executor? = null): DefenderClientJava = DefenderClientJava(this, executor)

    /** Nothing to release: each send holds its subscription only while it runs. Idempotent. */
    override fun close(): Unit = Unit

    override fun toString(): String = "DefenderClient($thingName, ${options.format})"

    /** The acceptance [message] carries for [reportId]; throws its rejection; `null` when it answers another report. */
    private fun answer(message: MqttMessage, reportId: Long): ReportAccepted? {
        val wire = try {
            codec.decode(message.payload)
        } catch (e: IllegalArgumentException) {
            throw MalformedResponseException(message.topic, message.payload, DecodeFailures.describe(e))
        }
        if (wire.reportId != null && wire.reportId != reportId) return null
        if (message.topic == rejectedTopic) {
            throw DefenderRejectedException(
                DefenderErrorCode.of(wire.statusDetails?.errorCode ?: "Unknown"),
                wire.statusDetails?.errorMessage,
                wire.reportId ?: reportId,
                thingName,
            )
        }
        return ReportAccepted(wire.reportId ?: reportId, wire.thingName, wire.timestamp)
    }
}
