package dev.iotsdk.emulator.internal.controlplane

import dev.iotsdk.emulator.greengrass.EmulatedConnectivity
import dev.iotsdk.emulator.greengrass.GreengrassEmulator
import dev.iotsdk.emulator.internal.Registry
import dev.iotsdk.emulator.internal.dataplane.Pages
import dev.iotsdk.emulator.internal.http.HttpServices
import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.buildJsonObject
import kotlinx.serialization.json.put
import kotlinx.serialization.json.putJsonArray

/**
 * The Greengrass APIs that declare discovery data (service `greengrass`, REST-JSON, SigV4), on the groups of
 * [GreengrassEmulator] (a core device is the core thing of a group made with `createGroup`, or any registered thing
 * named as a core here, which becomes one: [GreengrassEmulator.coreDeviceGroup]):
 * - Greengrass v2 `BatchAssociateClientDeviceWithCoreDevice`, `BatchDisassociateClientDeviceFromCoreDevice`,
 *   `ListClientDevicesAssociatedWithCoreDevice` (`/greengrass/v2/coreDevices/<core>/…`): group membership.
 * - Greengrass v1 `UpdateConnectivityInfo` / `GetConnectivityInfo` (`/greengrass/things/<core>/connectivityInfo`).
 * Anything else signed for `greengrass` answers 400 `UnknownOperationException`.
 */
internal class GreengrassApi(
    principals: SigV4Principals,
    private val registry: Registry,
    private val greengrass: GreengrassEmulator,
) {
    // no action table: temporary credentials are authorized as for greengrass:* on *
    private val api = SignedRestApi(principals, setOf(SERVICE), { null }) { route(it) }

    fun registerRoutes(http: HttpServices) {
        api.registerRoutes(http)
    }

    private fun route(r: ApiRequest): JsonObject {
        val s = r.segments
        fun at(vararg pattern: String) =
            s.size == pattern.size && pattern.indices.all { pattern[it] == "*" || pattern[it] == s[it] }
        return when {
            at(
                "greengrass",
                "v2",
                "coreDevices",
                "*",
                "associateClientDevices",
            ) &&
                r.method == "POST" -> associate(s[3], r, add = true)
            at(
                "greengrass",
                "v2",
                "coreDevices",
                "*",
                "disassociateClientDevices",
            ) &&
                r.method == "POST" -> associate(s[3], r, add = false)
            at(
                "greengrass",
                "v2",
                "coreDevices",
                "*",
                "associatedClientDevices",
            ) &&
                r.method == "GET" -> listAssociated(s[3], r)
            at("greengrass", "things", "*", "connectivityInfo") && r.method == "PUT" -> updateConnectivity(s[2], r)
            at("greengrass", "things", "*", "connectivityInfo") && r.method == "GET" -> getConnectivity(s[2])
            else -> throw ApiError.unsupported(r.method, r.call.path)
        }
    }

    private fun v2Group(core: String): String = greengrass.coreDeviceGroup(core)
        ?: throw ApiError(
            404,
            "ResourceNotFoundException",
            "Core device $core cannot be found (it is not a thing: create it first)",
        )

    private fun associate(core: String, r: ApiRequest, add: Boolean): JsonObject {
        val group = v2Group(core)
        val entries = (r.body["entries"] as? JsonArray ?: JsonArray(emptyList())).map {
            (it as? JsonObject)?.let { e -> r.requireString("thingName", e) }
                ?: throw ApiError(400, "ValidationException", "entries must hold objects")
        }
        val errors = entries.mapNotNull { thing ->
            if (thing !in registry.things) return@mapNotNull thing to "Thing $thing cannot be found"
            if (add) greengrass.addThingToGroup(thing, group) else greengrass.removeThingFromGroup(thing, group)
            null
        }
        return buildJsonObject {
            putJsonArray("errorEntries") {
                errors.forEach { (thing, message) ->
                    add(
                        buildJsonObject {
                            put("thingName", thing)
                            put("code", "ResourceNotFoundException")
                            put("message", message)
                        },
                    )
                }
            }
        }
    }

    private fun listAssociated(core: String, r: ApiRequest): JsonObject {
        val members = greengrass.membersOf(v2Group(core))
        val (page, next) = Pages.slice(members, r.query("nextToken"), r.maxResults(default = 100, max = 100))
            ?: throw ApiError(400, "ValidationException", "The nextToken is invalid")
        return buildJsonObject {
            put("associatedClientDevices", JsonArray(page.map { buildJsonObject { put("thingName", it) } }))
            next?.let { put("nextToken", it) }
        }
    }

    private fun v1Group(core: String): String = greengrass.coreDeviceGroup(core)
        ?: throw ApiError(400, "BadRequestException", "Thing $core cannot be found")

    private fun updateConnectivity(core: String, r: ApiRequest): JsonObject {
        val group = v1Group(core)
        val entries = (
            r.body["ConnectivityInfo"] as? JsonArray
                ?: throw ApiError(400, "BadRequestException", "ConnectivityInfo is required")
            ).map {
            val e =
                it as? JsonObject ?: throw ApiError(400, "BadRequestException", "ConnectivityInfo must hold objects")
            val port = r.long("PortNumber", e) ?: throw ApiError(400, "BadRequestException", "PortNumber is required")
            EmulatedConnectivity(
                r.string("Id", e) ?: throw ApiError(400, "BadRequestException", "Id is required"),
                r.string("HostAddress", e) ?: throw ApiError(400, "BadRequestException", "HostAddress is required"),
                port.toInt(),
                r.string("Metadata", e).orEmpty(),
            )
        }
        greengrass.setConnectivity(group, entries)
        return buildJsonObject {
            put("Message", "Connectivity info of $core updated")
            put("Version", System.currentTimeMillis().toString())
        }
    }

    private fun getConnectivity(core: String): JsonObject = buildJsonObject {
        put(
            "ConnectivityInfo",
            JsonArray(
                greengrass.connectivity(v1Group(core)).map {
                    buildJsonObject {
                        put("Id", it.id)
                        put("HostAddress", it.hostAddress)
                        put("PortNumber", it.portNumber)
                        put("Metadata", it.metadata)
                    }
                },
            ),
        )
        put("Message", JsonPrimitive("OK"))
    }

    companion object {
        /** The SigV4 service name of Greengrass (v1 and v2). */
        const val SERVICE: String = "greengrass"
    }
}
