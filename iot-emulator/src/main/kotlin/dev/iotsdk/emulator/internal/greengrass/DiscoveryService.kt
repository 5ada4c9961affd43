package dev.iotsdk.emulator.internal.greengrass

import dev.iotsdk.emulator.EmulatorEvent
import dev.iotsdk.emulator.internal.PolicyEvaluator
import dev.iotsdk.emulator.internal.PolicyVariables
import dev.iotsdk.emulator.internal.Registry
import dev.iotsdk.emulator.internal.http.HttpCall
import dev.iotsdk.emulator.internal.http.HttpReply
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.buildJsonArray
import kotlinx.serialization.json.buildJsonObject
import kotlinx.serialization.json.put
import kotlinx.serialization.json.putJsonArray
import java.util.concurrent.ConcurrentHashMap
import java.util.concurrent.CopyOnWriteArrayList
import java.util.concurrent.atomic.AtomicInteger

/** One connectivity entry as the emulator stores it. */
internal class ConnectivityRecord(val id: String, val hostAddress: String, val portNumber: Int, val metadata: String)

/** One Greengrass group: its core's thing ARN, connectivity entries (preference order) and CA PEMs. */
internal class GroupRecord(val groupId: String, val coreThingArn: String, cas: List<String>) {
    val connectivity: MutableList<ConnectivityRecord> = CopyOnWriteArrayList()

    @Volatile
    var cas: List<String> = cas
}

/**
 * The Greengrass discovery endpoint, `GET /greengrass/discover/thing/<thing>` (spec/greengrass-discovery.md): mutual
 * TLS only (on "443" the caller must also have negotiated ALPN `x-amzn-http-ca`), `greengrass:Discover` on the thing
 * ARN checked against the certificate's policies (a certificate with no policy attached may discover), 404 for a
 * thing in no group, 429 while throttled. Errors carry `x-amzn-ErrorType` and a `{"message": ...}` body. The answer
 * uses AWS's field names from the documented transcript.
 */
internal class DiscoveryService(
    private val registry: Registry,
    private val region: String,
    private val accountId: String,
) {
    val groups: ConcurrentHashMap<String, GroupRecord> = ConcurrentHashMap()

    /** Group ids by member thing name, in the order they were added. */
    val memberships: ConcurrentHashMap<String, MutableList<String>> = ConcurrentHashMap()
    val throttled: AtomicInteger = AtomicInteger()
    val requests: AtomicInteger = AtomicInteger()

    fun handle(call: HttpCall): HttpReply {
        requests.incrementAndGet()
        if (call.method != "GET") return error(405, "MethodNotAllowedException", "Only GET is supported")
        val thingName = call.path.removePrefix(PREFIX)
        if (thingName.isEmpty() ||
            thingName.contains('/')
        ) {
            return error(400, "BadRequestException", "Invalid thing name")
        }
        val certificateId = call.certificateId
        val alpnMissing = call.listener == EmulatorEvent.LISTENER_443 && call.connection?.alpn != ALPN
        if (certificateId == null || alpnMissing) {
            return error(
                401,
                "UnauthorizedException",
                "Discovery requires TLS mutual authentication" + if (alpnMissing) " (ALPN $ALPN on port 443)" else "",
            )
        }
        val variables = PolicyVariables("", call.connection?.thingName, call.connection?.thingName != null)
        // a certificate without policies may discover (the emulator's default policy only speaks of iot:* actions)
        val policies = registry.attachedPolicies(listOf(certificateId))
        val resource = "arn:aws:iot:$region:$accountId:thing/$thingName"
        if (policies.isNotEmpty() && !PolicyEvaluator.isAllowed(policies, "greengrass:Discover", resource, variables)) {
            return error(403, "ForbiddenException", "Not authorized to perform greengrass:Discover on thing $thingName")
        }
        if (throttled.getAndUpdate { if (it > 0) it - 1 else 0 } >
            0
        ) {
            return error(429, "ThrottlingException", "Rate exceeded")
        }
        val groupIds = memberships[thingName].orEmpty().toList()
        val found = groupIds.mapNotNull { groups[it] }
        if (!registry.things.contains(thingName) || found.isEmpty()) {
            return error(404, "ResourceNotFoundException", "No Greengrass group contains thing $thingName")
        }
        return HttpReply.json(200, responseJson(found))
    }

    private fun responseJson(found: List<GroupRecord>): String = buildJsonObject {
        putJsonArray("GGGroups") {
            found.forEach { g ->
                add(
                    buildJsonObject {
                        put("GGGroupId", g.groupId)
                        putJsonArray("Cores") {
                            add(
                                buildJsonObject {
                                    put("thingArn", g.coreThingArn)
                                    put(
                                        "Connectivity",
                                        buildJsonArray {
                                            g.connectivity.forEach { c ->
                                                add(
                                                    buildJsonObject {
                                                        put("Id", c.id)
                                                        put("HostAddress", c.hostAddress)
                                                        put("PortNumber", c.portNumber)
                                                        put("Metadata", c.metadata)
                                                    },
                                                )
                                            }
                                        },
                                    )
                                },
                            )
                        }
                        putJsonArray("CAs") { g.cas.forEach { add(JsonPrimitive(it)) } }
                    },
                )
            }
        }
    }.toString()

    private fun error(status: Int, type: String, message: String): HttpReply = HttpReply.json(
        status,
        buildJsonObject {
            put("message", message)
        }.toString(),
        mapOf("x-amzn-ErrorType" to type),
    )

    companion object {
        const val PREFIX = "/greengrass/discover/thing/"
        const val ALPN = "x-amzn-http-ca"

        /** AWS's discovery names the group of a Greengrass v2 core device so. */
        const val V2_GROUP_PREFIX: String = "greengrassV2-coreDevice-"
    }
}
