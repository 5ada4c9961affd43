package dev.iotsdk.emulator.internal.defender

import dev.iotsdk.emulator.defender.ReceivedReport
import dev.iotsdk.emulator.internal.ReservedTopicService
import dev.iotsdk.emulator.internal.ServiceContext
import dev.iotsdk.emulator.internal.ServiceRequest
import dev.iotsdk.emulator.internal.cbor.Cbor
import dev.iotsdk.emulator.internal.cbor.CborException
import dev.iotsdk.emulator.internal.cbor.CborJson
import kotlinx.serialization.SerializationException
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonElement
import java.time.Instant

/**
 * AWS IoT Device Defender Detect's device side (spec/defender.md): reports published to
 * `$aws/things/<thing>/defender/metrics/<json|cbor>` are checked against the metrics document schema
 * ([ReportSchema]) and answered on `…/accepted` or `…/rejected` in the report's format, through the broker (plain
 * Subscribe topics).
 *
 * Answers: accepted `{"thingName","reportId","status":"ACCEPTED","timestamp"}`; rejected adds
 * `"statusDetails":{"ErrorCode","ErrorMessage"}` with `"status":"REJECTED"` (AWS's documented example, plus the
 * `reportId` AWS's embedded C demo reads). Error codes: `InvalidPayload` "Malformed metrics report" (AWS's; the
 * emulator adds what is wrong after a colon) for a report that does not fit the schema, a thing name AWS refuses
 * (control characters, over 128 bytes), or a report id not greater than the thing's last accepted one (AWS requires
 * increasing ids; what AWS answers is not documented); `Throttled` (the emulator's choice; AWS documents none) for a
 * report within [DefenderStore.minimumIntervalMillis] of the thing's last accepted one, when throttling is on.
 */
internal class DefenderService(private val store: DefenderStore) : ReservedTopicService {
    override fun handles(topic: String): Boolean = DefenderTopic.parse(topic) != null

    override fun onRequest(request: ServiceRequest, context: ServiceContext) {
        val topic = DefenderTopic.parse(request.topic) ?: return
        val now = System.currentTimeMillis()
        var reportId: Long? = null
        var json: String? = null
        val outcome = try {
            val tree = decode(request.payload, topic.format)
            val (id, normal) = ReportSchema.check(tree)
            reportId = id
            json = normal.toString()
            checkThingName(topic.thingName)
            accept(topic.thingName, id, now)
            null
        } catch (e: MalformedReport) {
            INVALID_PAYLOAD to "$MALFORMED: ${e.reason}"
        } catch (e: ThrottledReport) {
            THROTTLED to e.message
        }
        store.add(
            ReceivedReport(
                topic.thingName,
                topic.format,
                reportId,
                outcome?.first,
                outcome?.second,
                json,
                Instant.ofEpochMilli(now),
            ),
        )
        val body = buildMap<String, Any?> {
            put("thingName", topic.thingName)
            reportId?.let { put("reportId", it) }
            put("status", if (outcome == null) "ACCEPTED" else "REJECTED")
            outcome?.let { (code, message) ->
                put("statusDetails", mapOf("ErrorCode" to code, "ErrorMessage" to message))
            }
            put("timestamp", now)
        }
        val payload = if (topic.format == "cbor") {
            Cbor.encode(body)
        } else {
            CborJson.toJson(body).toString().encodeToByteArray()
        }
        context.publish(if (outcome == null) topic.accepted else topic.rejected, payload)
    }

    /** Records [id] as [thing]'s last accepted report, or throws when it does not increase or comes too soon. */
    private fun accept(thing: String, id: Long, now: Long) {
        var failure: Exception? = null
        store.lastAccepted.compute(thing) { _, last ->
            val interval = store.minimumIntervalMillis
            when {
                last != null && id <= last.first -> last.also {
                    failure = MalformedReport("header.report_id must be greater than the last accepted ${last.first}")
                }
                last != null && interval > 0 && now - last.second < interval -> last.also {
                    failure = ThrottledReport("one report per ${interval / MILLIS} s per device; try again later")
                }
                else -> id to now
            }
        }
        failure?.let { throw it }
    }

    private fun checkThingName(thing: String) {
        if (thing.encodeToByteArray().size > MAX_THING_BYTES || thing.any { it.isISOControl() }) {
            throw MalformedReport("the thing name has control characters or is longer than 128 bytes")
        }
    }

    private fun decode(payload: ByteArray, format: String): JsonElement = try {
        if (format == "cbor") {
            CborJson.toJson(Cbor.decode(payload))
        } else {
            JSON.parseToJsonElement(payload.decodeToString(throwOnInvalidSequence = true))
        }
    } catch (e: CborException) {
        throw MalformedReport("the payload is not CBOR", e)
    } catch (e: SerializationException) {
        throw MalformedReport("the payload is not JSON", e)
    } catch (e: CharacterCodingException) {
        throw MalformedReport("the payload is not UTF-8", e)
    }

    private class ThrottledReport(override val message: String) : Exception(message)

    private companion object {
        private val JSON = Json
        private const val INVALID_PAYLOAD = "InvalidPayload"
        private const val THROTTLED = "Throttled"
        private const val MALFORMED = "Malformed metrics report"
        private const val MAX_THING_BYTES = 128
        private const val MILLIS = 1000
    }
}
