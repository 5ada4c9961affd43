package dev.iotsdk.emulator.internal.dataplane

import com.hivemq.extension.sdk.api.services.publish.Publish
import com.hivemq.extension.sdk.api.services.publish.RetainedPublish
import dev.iotsdk.emulator.internal.Topics
import dev.iotsdk.emulator.internal.broker.BrokerExtension
import dev.iotsdk.emulator.internal.http.HttpCall
import dev.iotsdk.emulator.internal.http.HttpReply
import dev.iotsdk.emulator.internal.percentDecode
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.buildJsonArray
import kotlinx.serialization.json.buildJsonObject
import kotlinx.serialization.json.put
import java.util.Base64
import java.util.concurrent.ConcurrentLinkedQueue
import java.util.concurrent.TimeUnit

/**
 * The data plane's GetRetainedMessage (`GET /retainedMessage/<topic>`, `iot:GetRetainedMessage` on the topic) and
 * ListRetainedMessages (`GET /retainedMessage`, `iot:ListRetainedMessages` on `*`), from the broker's own retained
 * store (spec dataplane.md §2.3).
 */
internal class RetainedMessagesApi(private val broker: BrokerExtension, private val policy: DataPlanePolicy) {
    fun handle(call: HttpCall): HttpReply {
        if (call.method != "GET") return DataPlaneErrors.methodNotAllowed(call.method)
        if (call.rawPath == "/retainedMessage" || call.rawPath == "/retainedMessage/") {
            return policy.refusal(call, "iot:ListRetainedMessages", "*") ?: listRetained(call)
        }
        return getRetained(call)
    }

    private fun getRetained(call: HttpCall): HttpReply {
        val topic = label(call, "/retainedMessage/")
        val refused = Topics.nameProblem(topic)?.let { DataPlaneErrors.invalid("Invalid topic name: $it") }
            ?: policy.refusal(call, "iot:GetRetainedMessage", policy.arn("topic", topic))
        if (refused != null) return refused
        val message = broker.retainedStore.getRetainedMessage(topic).get(TIMEOUT_SECONDS, TimeUnit.SECONDS).orElse(null)
            ?: return DataPlaneErrors.error(NOT_FOUND, "No retained message exists for topic: $topic")
        val encoder = Base64.getEncoder()
        return HttpReply.json(
            OK,
            buildJsonObject {
                put("topic", topic)
                put("payload", encoder.encodeToString(message.payloadBytes()))
                put("qos", message.qos.qosNumber)
                put("lastModifiedTime", broker.retainedTimes[topic])
                val properties = message.userProperties.asList()
                if (properties.isNotEmpty()) {
                    val array = buildJsonArray {
                        properties.forEach {
                            add(
                                JsonObject(
                                    mapOf(
                                        it.name to JsonPrimitive(it.value),
                                    ),
                                ),
                            )
                        }
                    }
                    put("userProperties", encoder.encodeToString(array.toString().toByteArray(Charsets.UTF_8)))
                }
            }.toString(),
        )
    }

    private fun listRetained(call: HttpCall): HttpReply {
        val params = call.queryParameters().toMap()
        val size =
            params["maxResults"]?.let {
                it.toIntOrNull()?.takeIf { n -> n in 1..MAX_RETAINED_PAGE }
                    ?: return DataPlaneErrors.invalid("maxResults must be between 1 and 200")
            }
                ?: DEFAULT_RETAINED_PAGE
        val all = ConcurrentLinkedQueue<RetainedPublish>()
        broker.retainedStore.iterateAllRetainedMessages { _, message ->
            all += message
        }.get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
        val sorted = all.sortedBy { it.topic }
        val (page, next) = Pages.slice(sorted, params["nextToken"], size)
            ?: return DataPlaneErrors.invalid("Invalid nextToken")
        return HttpReply.json(
            OK,
            buildJsonObject {
                put(
                    "retainedTopics",
                    buildJsonArray {
                        page.forEach { m ->
                            add(
                                buildJsonObject {
                                    put("topic", m.topic)
                                    put("payloadSize", m.payloadBytes().size)
                                    put("qos", m.qos.qosNumber)
                                    put("lastModifiedTime", broker.retainedTimes[m.topic])
                                },
                            )
                        }
                    },
                )
                next?.let { put("nextToken", it) }
            }.toString(),
        )
    }

    private fun label(call: HttpCall, prefix: String): String = percentDecode(call.rawPath.removePrefix(prefix))

    private fun Publish.payloadBytes(): ByteArray =
        payload.map { buf -> ByteArray(buf.remaining()).also { buf.duplicate().get(it) } }.orElse(ByteArray(0))

    private companion object {
        const val OK = 200
        const val NOT_FOUND = 404
        const val MAX_RETAINED_PAGE = 200
        const val DEFAULT_RETAINED_PAGE = 50
        const val TIMEOUT_SECONDS = 5L
    }
}
