package dev.iotsdk.emulator.internal.tunneling

import dev.iotsdk.emulator.internal.controlplane.ApiError
import dev.iotsdk.emulator.internal.controlplane.ApiRequest
import dev.iotsdk.emulator.internal.controlplane.SigV4Principals
import dev.iotsdk.emulator.internal.dataplane.HeaderSigV4Verifier
import dev.iotsdk.emulator.internal.http.HttpCall
import dev.iotsdk.emulator.internal.http.HttpReply
import dev.iotsdk.emulator.internal.http.HttpServices
import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonObjectBuilder
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.buildJsonObject
import kotlinx.serialization.json.put
import java.time.Instant

/**
 * The secure tunneling control plane (BOTO-ST: AWS JSON 1.1, `POST /`, `X-Amz-Target: IoTSecuredTunneling.<op>`,
 * SigV4 signing name `IoTSecuredTunneling`): OpenTunnel, CloseTunnel, DescribeTunnel, ListTunnels and
 * RotateTunnelAccessToken, authorized as the IAM actions `iot:<op>` on the tunnel ARN (`*` for open and list).
 * Errors are AWS JSON 1.1 errors (`__type`, `message`); the model gives no status codes, so: 400 for invalid
 * requests, 404 `ResourceNotFoundException`, 403 for signature and IAM refusals.
 */
internal class TunnelingApi(private val principals: SigV4Principals, private val service: TunnelingService) {
    private val verifier = HeaderSigV4Verifier(principals.region, principals.lookup, services = setOf(SIGNING_NAME))

    fun registerRoutes(http: HttpServices) {
        http.registerMatching({ it.header("x-amz-target")?.startsWith(TARGET_PREFIX) == true }, ::handle)
    }

    private fun handle(call: HttpCall): HttpReply = try {
        verifier.problem(call)?.let { throw ApiError.unauthenticated(it) }
        val key = verifier.accessKeyId(call) ?: throw ApiError.unauthenticated("No credential")
        val request = ApiRequest(call)
        val operation = call.header("x-amz-target")!!.removePrefix(TARGET_PREFIX)
        val result = when (operation) {
            "OpenTunnel" -> authorized(key, operation, "*") { open(request) }
            "ListTunnels" -> authorized(key, operation, "*") { list(request) }
            "CloseTunnel", "DescribeTunnel", "RotateTunnelAccessToken" -> {
                val tunnel = service.find(request.requireString("tunnelId"))
                    ?: throw ApiError.notFound("tunnel not found")
                authorized(key, operation, tunnel.arn) {
                    when (operation) {
                        "CloseTunnel" -> {
                            service.close(tunnel, request.boolean("delete") ?: false)
                            JsonObject(emptyMap())
                        }
                        "DescribeTunnel" -> buildJsonObject { put("tunnel", describe(tunnel)) }
                        else -> rotate(tunnel, request)
                    }
                }
            }
            else -> throw ApiError(BAD_REQUEST, "UnknownOperationException", "$operation is not supported")
        }
        HttpReply(OK, result.toString().toByteArray(), mapOf("Content-Type" to CONTENT_TYPE))
    } catch (e: ApiError) {
        val body = buildJsonObject {
            put("__type", e.type)
            put("message", e.message.orEmpty())
        }
        HttpReply(e.status, body.toString().toByteArray(), mapOf("Content-Type" to CONTENT_TYPE))
    }

    private fun authorized(key: String, operation: String, resource: String, run: () -> JsonObject): JsonObject {
        val permissions = principals.permissions
        if (permissions.policiesOf(key) != null && !permissions.isAllowed(key, "iot:$operation", resource)) {
            throw ApiError(
                FORBIDDEN,
                "AccessDeniedException",
                permissions.deniedMessage(key, "iot:$operation", resource),
            )
        }
        return run()
    }

    private fun open(r: ApiRequest): JsonObject {
        val destination = r.obj("destinationConfig")
        val thing = destination?.let { r.string("thingName", it) }
        val services = destination?.let { r.strings("services", it) }.orEmpty()
        valid(destination == null || services.isNotEmpty()) { "services must hold at least one service" }
        valid(services.size <= MAX_SERVICES) { "a tunnel has at most $MAX_SERVICES services" }
        valid(services.toSet().size == services.size) { "services must be unique" }
        valid((services + listOfNotNull(thing)).all { NAME.matches(it) }) { "names must match [a-zA-Z0-9:_-]{1,128}" }
        val minutes = r.obj("timeoutConfig")?.let { r.long("maxLifetimeTimeoutMinutes", it) } ?: MAX_MINUTES
        valid(minutes in 1..MAX_MINUTES) { "maxLifetimeTimeoutMinutes must be between 1 and 720" }
        val tags = (r.body["tags"] as? JsonArray)?.associate {
            val o = it as? JsonObject ?: throw ApiError.invalid("tags must hold objects")
            r.requireString("key", o) to r.requireString("value", o)
        }.orEmpty()
        val t = service.open(TunnelSettings(r.string("description"), thing, services, minutes, tags))
        return buildJsonObject {
            put("tunnelId", t.id)
            put("tunnelArn", t.arn)
            tokens(t)
        }
    }

    private inline fun valid(condition: Boolean, message: () -> String) {
        if (!condition) throw ApiError.invalid(message())
    }

    private fun rotate(tunnel: Tunnel, r: ApiRequest): JsonObject {
        val sides = when (r.requireString("clientMode")) {
            "SOURCE" -> setOf(TunnelSide.SOURCE)
            "DESTINATION" -> setOf(TunnelSide.DESTINATION)
            "ALL" -> TunnelSide.entries.toSet()
            else -> throw ApiError.invalid("clientMode must be SOURCE, DESTINATION or ALL")
        }
        if (tunnel.closed) throw ApiError.invalid("the tunnel is closed")
        service.rotate(tunnel, sides, TunnelSide.DESTINATION in sides && tunnel.thingName != null)
        return buildJsonObject {
            put("tunnelArn", tunnel.arn)
            tokens(tunnel, sides)
        }
    }

    private fun JsonObjectBuilder.tokens(t: Tunnel, sides: Set<TunnelSide> = TunnelSide.entries.toSet()) {
        if (TunnelSide.SOURCE in sides) put("sourceAccessToken", t.sides.getValue(TunnelSide.SOURCE).accessToken)
        if (TunnelSide.DESTINATION in sides) {
            put("destinationAccessToken", t.sides.getValue(TunnelSide.DESTINATION).accessToken)
        }
    }

    private fun list(r: ApiRequest): JsonObject {
        val thing = r.string("thingName")
        val max = r.long("maxResults")?.also { if (it !in 1..MAX_RESULTS) throw ApiError.invalid("maxResults 1-100") }
            ?: MAX_RESULTS
        val start = r.string("nextToken")?.toIntOrNull() ?: 0
        val all = service.all().filter { thing == null || it.thingName == thing }
        val page = all.drop(start).take(max.toInt())
        return buildJsonObject {
            put("tunnelSummaries", JsonArray(page.map { summary(it) }))
            if (start + page.size < all.size) put("nextToken", (start + page.size).toString())
        }
    }

    private fun summary(t: Tunnel) = buildJsonObject {
        put("tunnelId", t.id)
        put("tunnelArn", t.arn)
        put("status", status(t))
        t.description?.let { put("description", it) }
        put("createdAt", epoch(t.createdAt))
        put("lastUpdatedAt", epoch(t.lastUpdatedAt))
    }

    private fun describe(t: Tunnel) = buildJsonObject {
        put("tunnelId", t.id)
        put("tunnelArn", t.arn)
        put("status", status(t))
        synchronized(t) {
            TunnelSide.entries.forEach { side ->
                val s = t.sides.getValue(side)
                put(
                    "${side.mode}ConnectionState",
                    buildJsonObject {
                        put("status", if (s.peer != null) "CONNECTED" else "DISCONNECTED")
                        put("lastUpdatedAt", epoch(s.lastUpdatedAt ?: t.createdAt))
                    },
                )
            }
        }
        t.description?.let { put("description", it) }
        if (t.thingName != null || t.services.isNotEmpty()) {
            put(
                "destinationConfig",
                buildJsonObject {
                    t.thingName?.let { put("thingName", it) }
                    put("services", JsonArray(t.services.map { JsonPrimitive(it) }))
                },
            )
        }
        put("timeoutConfig", buildJsonObject { put("maxLifetimeTimeoutMinutes", t.maxLifetimeMinutes) })
        put(
            "tags",
            JsonArray(
                t.tags.map { (k, v) ->
                    buildJsonObject {
                        put("key", k)
                        put("value", v)
                    }
                },
            ),
        )
        put("createdAt", epoch(t.createdAt))
        put("lastUpdatedAt", epoch(t.lastUpdatedAt))
    }

    private fun status(t: Tunnel) = if (t.closed) "CLOSED" else "OPEN"

    private fun epoch(i: Instant): Double = i.toEpochMilli() / MILLIS

    companion object {
        /** The SigV4 signing name and target prefix of the service (BOTO-ST metadata). */
        const val SIGNING_NAME: String = "IoTSecuredTunneling"
        private const val TARGET_PREFIX = "$SIGNING_NAME."
        private const val CONTENT_TYPE = "application/x-amz-json-1.1"
        private const val OK = 200
        private const val BAD_REQUEST = 400
        private const val FORBIDDEN = 403
        private const val MAX_SERVICES = 3
        private const val MAX_MINUTES = 720L
        private const val MAX_RESULTS = 100L
        private const val MILLIS = 1000.0
        private val NAME = Regex("[a-zA-Z0-9:_-]{1,128}")
    }
}
