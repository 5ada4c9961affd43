package dev.iotsdk.emulator.internal.dataplane

import com.hivemq.extension.sdk.api.packets.general.Qos
import com.hivemq.extension.sdk.api.packets.publish.PayloadFormatIndicator
import com.hivemq.extension.sdk.api.services.builder.Builders
import dev.iotsdk.emulator.EmulatorCredentials
import dev.iotsdk.emulator.internal.ConnectionTable
import dev.iotsdk.emulator.internal.ReservedTopics
import dev.iotsdk.emulator.internal.Topics
import dev.iotsdk.emulator.internal.broker.BrokerExtension
import dev.iotsdk.emulator.internal.broker.BrokerLimits
import dev.iotsdk.emulator.internal.http.HttpCall
import dev.iotsdk.emulator.internal.http.HttpReply
import dev.iotsdk.emulator.internal.http.HttpServices
import dev.iotsdk.emulator.internal.percentDecode
import dev.iotsdk.emulator.internal.shadow.ShadowService
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.buildJsonObject
import kotlinx.serialization.json.put
import java.nio.ByteBuffer
import java.util.Base64
import java.util.UUID
import java.util.concurrent.TimeUnit

/**
 * The data plane (`iot-data`, spec dataplane.md §2) on the emulator's HTTPS listeners: shadows (sharing the MQTT
 * shadow service's state and messages), Publish with MQTT 5 properties, retained messages ([RetainedMessagesApi]),
 * and DeleteConnection. Every call is SigV4-verified ([HeaderSigV4Verifier]) unless it came with a verified
 * client certificate (8443, or 443 with ALPN `x-amzn-http-ca`), whose policies must allow the operation
 * ([DataPlanePolicy]), or is a Publish a custom authorizer authenticates ([AuthorizerPublish]).
 */
internal class DataPlaneService(
    region: String,
    credentials: (String) -> EmulatorCredentials?,
    private val shadows: ShadowService,
    private val broker: BrokerExtension,
    private val table: ConnectionTable,
    private val policy: DataPlanePolicy,
    private val authorizerPublish: AuthorizerPublish,
) {
    private val verifier = HeaderSigV4Verifier(region, credentials)
    private val retainedMessages = RetainedMessagesApi(broker, policy)

    fun registerRoutes(http: HttpServices) {
        http.register("/things/") { authorized(it, ::shadow) }
        http.register("/api/things/shadow/ListNamedShadowsForThing/") { authorized(it, ::listNamedShadows) }
        http.register("/topics/") { authorized(it, ::publish) }
        http.register("/retainedMessage") { authorized(it, retainedMessages::handle) }
        http.register("/connections/") { authorized(it, ::connections) }
    }

    private fun authorized(call: HttpCall, handler: (HttpCall) -> HttpReply): HttpReply {
        val unsigned = call.header("authorization") == null
        val refusal = when {
            unsigned && call.certificateId != null -> null
            unsigned && authorizerPublish.wants(call) -> authorizerPublish.refusal(call)
            else -> verifier.problem(call)?.let { DataPlaneErrors.error(FORBIDDEN, it) }
        }
        return refusal ?: handler(call)
    }

    /** The label after [prefix] in the raw path, percent-decoded; raw slashes are kept (spec §1). */
    private fun label(call: HttpCall, prefix: String): String = percentDecode(call.rawPath.removePrefix(prefix))

    private fun shadow(call: HttpCall): HttpReply {
        val raw = call.rawPath.removePrefix("/things/")
        if (!raw.endsWith("/shadow")) return DataPlaneErrors.error(NOT_FOUND, "Not Found")
        val thing = percentDecode(raw.removeSuffix("/shadow"))
        if (!thing.matches(THING_NAME)) return DataPlaneErrors.invalid("Invalid thing name")
        val name = call.queryParameters().firstOrNull { it.first == "name" }?.second
        if (name != null && !name.matches(SHADOW_NAME)) return DataPlaneErrors.invalid("Invalid shadow name")
        val (operation, action) = SHADOW_OPERATIONS[call.method] ?: return DataPlaneErrors.methodNotAllowed(call.method)
        policy.refusal(call, action, policy.arn("thing", if (name == null) thing else "$thing/$name"))
            ?.let { return it }
        val payload = if (operation == "update") call.body else ByteArray(0)
        val answer = shadows.restRequest(thing, name, operation, payload) { topic, bytes ->
            broker.publish(topic, bytes, 1, false)
        }
        return if (answer.status ==
            OK
        ) {
            HttpReply.json(OK, answer.body)
        } else {
            DataPlaneErrors.errorWithBody(answer.status, answer.body)
        }
    }

    private fun listNamedShadows(call: HttpCall): HttpReply {
        if (call.method != "GET") return DataPlaneErrors.methodNotAllowed(call.method)
        val thing = label(call, "/api/things/shadow/ListNamedShadowsForThing/")
        if (!thing.matches(THING_NAME)) return DataPlaneErrors.invalid("Invalid thing name")
        policy.refusal(call, "iot:ListNamedShadowsForThing", "*")?.let { return it }
        val params = call.queryParameters().toMap()
        val size =
            params["pageSize"]?.let {
                it.toIntOrNull()?.takeIf { n -> n in 1..MAX_SHADOW_PAGE }
                    ?: return DataPlaneErrors.invalid("pageSize must be between 1 and 100")
            }
                ?: DEFAULT_SHADOW_PAGE
        val (page, next) = Pages.slice(shadows.namedShadows(thing), params["nextToken"], size)
            ?: return DataPlaneErrors.invalid("Invalid nextToken")
        return HttpReply.json(
            OK,
            buildJsonObject {
                put("results", JsonArray(page.map { JsonPrimitive(it) }))
                next?.let { put("nextToken", it) }
                put("timestamp", System.currentTimeMillis() / MILLIS)
            }.toString(),
        )
    }

    private fun publish(call: HttpCall): HttpReply {
        if (call.method != "POST") return DataPlaneErrors.methodNotAllowed(call.method)
        val topic = label(call, "/topics/")
        Topics.nameProblem(topic)?.let { return DataPlaneErrors.invalid("Invalid topic name: $it") }
        policy.refusal(call, "iot:Publish", policy.arn("topic", topic))?.let { return it }
        if (topic.startsWith("\$aws/") && !ReservedTopics.clientMayPublish(topic)) {
            // a subscribe-only reserved topic (spec/connect.md §8.1): AWS IoT's own answers cannot be forged
            return DataPlaneErrors.error(FORBIDDEN, "Forbidden")
        }
        if (call.body.size >
            BrokerLimits.MAX_PAYLOAD_BYTES
        ) {
            return DataPlaneErrors.error(TOO_LARGE, "The payload exceeds the maximum size allowed (128 KB)")
        }
        val params = call.queryParameters().toMap()
        val qos =
            (params["qos"] ?: "0").toIntOrNull()?.takeIf { it == 0 || it == 1 }
                ?: return DataPlaneErrors.invalid("qos must be 0 or 1")
        val retain = when (params["retain"] ?: "false") {
            "true" -> true
            "false" -> false
            else -> return DataPlaneErrors.invalid("retain must be true or false")
        }
        // DG "Retained message policy examples": a retained publish needs iot:RetainPublish as well as iot:Publish
        if (retain) policy.refusal(call, "iot:RetainPublish", policy.arn("topic", topic))?.let { return it }
        val builder = Builders.publish().topic(topic).qos(
            if (qos ==
                0
            ) {
                Qos.AT_MOST_ONCE
            } else {
                Qos.AT_LEAST_ONCE
            },
        ).retain(retain)
            .payload(ByteBuffer.wrap(call.body))
        params["contentType"]?.let { builder.contentType(it) }
        params["responseTopic"]?.let {
            Topics.nameProblem(it)?.let { problem -> return DataPlaneErrors.invalid("Invalid responseTopic: $problem") }
            builder.responseTopic(it)
        }
        params["messageExpiry"]?.let {
            val seconds =
                it.toLongOrNull()?.takeIf { s -> s >= 0 }
                    ?: return DataPlaneErrors.invalid("messageExpiry must be a non-negative number of seconds")
            builder.messageExpiryInterval(seconds)
        }
        call.header("x-amz-mqtt5-user-properties")?.let { header ->
            val properties =
                userProperties(header)
                    ?: return DataPlaneErrors.invalid(
                        "x-amz-mqtt5-user-properties must be base64 of a JSON array of objects",
                    )
            properties.forEach { (k, v) -> builder.userProperty(k, v) }
        }
        call.header("x-amz-mqtt5-payload-format-indicator")?.let {
            builder.payloadFormatIndicator(
                when (it) {
                    "UNSPECIFIED_BYTES" -> PayloadFormatIndicator.UNSPECIFIED
                    "UTF8_DATA" -> PayloadFormatIndicator.UTF_8
                    else -> return DataPlaneErrors.invalid(
                        "x-amz-mqtt5-payload-format-indicator must be UNSPECIFIED_BYTES or UTF8_DATA",
                    )
                },
            )
        }
        call.header("x-amz-mqtt5-correlation-data")?.let {
            val bytes =
                runCatching { Base64.getDecoder().decode(it) }.getOrNull()
                    ?: return DataPlaneErrors.invalid("x-amz-mqtt5-correlation-data must be base64")
            builder.correlationData(ByteBuffer.wrap(bytes))
        }
        if (retain && call.body.isEmpty()) {
            // an empty retained payload deletes the topic's retained message (spec §2.2)
            broker.retainedStore.remove(topic).get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
            broker.retainedTimes.remove(topic)
        }
        broker.publish(builder.build())
        return HttpReply.json(OK, """{"message":"OK","traceId":"${UUID.randomUUID()}"}""")
    }

    private fun userProperties(header: String): List<Pair<String, String>>? = runCatching {
        val json = Json.parseToJsonElement(String(Base64.getDecoder().decode(header), Charsets.UTF_8)) as JsonArray
        json.flatMap { entry -> (entry as JsonObject).map { (k, v) -> k to (v as JsonPrimitive).content } }
    }.getOrNull()

    private fun connections(call: HttpCall): HttpReply {
        val clientId = label(call, "/connections/")
        if (clientId.isEmpty() ||
            clientId.startsWith("$") ||
            clientId.contains('/')
        ) {
            return DataPlaneErrors.invalid("Invalid client id")
        }
        if (call.method != "DELETE") return DataPlaneErrors.methodNotAllowed(call.method)
        policy.refusal(call, "iot:DeleteConnection", policy.arn("client", clientId))?.let { return it }
        val params = call.queryParameters().toMap()
        val sessionId =
            table.sessionByClientId[clientId]
                ?: return DataPlaneErrors.error(NOT_FOUND, "No connection exists for client id: $clientId")
        table.sessions[sessionId]?.disconnectReason = "API_INITIATED_DISCONNECT"
        broker.clientService.disconnectClient(
            clientId,
            params["preventWillMessage"] == "true",
        ).get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
        if (params["cleanSession"] == "true") broker.clientService.invalidateSession(clientId)
        return HttpReply(OK)
    }

    private companion object {
        const val OK = 200
        const val FORBIDDEN = 403
        const val NOT_FOUND = 404
        const val TOO_LARGE = 413
        const val MILLIS = 1000
        const val MAX_SHADOW_PAGE = 100
        const val DEFAULT_SHADOW_PAGE = 25
        const val TIMEOUT_SECONDS = 5L
        val THING_NAME = Regex("[a-zA-Z0-9:_-]{1,128}")
        val SHADOW_NAME = Regex("[\$a-zA-Z0-9:_-]{1,64}")

        /** The shadow service's operation and the policy action of each HTTP method on `/things/<thing>/shadow`. */
        val SHADOW_OPERATIONS = mapOf(
            "GET" to ("get" to "iot:GetThingShadow"),
            "POST" to ("update" to "iot:UpdateThingShadow"),
            "DELETE" to ("delete" to "iot:DeleteThingShadow"),
        )
    }
}
