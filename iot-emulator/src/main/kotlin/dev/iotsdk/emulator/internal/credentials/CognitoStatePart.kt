package dev.iotsdk.emulator.internal.credentials

import dev.iotsdk.emulator.internal.runtime.StatePart
import dev.iotsdk.emulator.internal.runtime.jsonObjects
import dev.iotsdk.emulator.internal.runtime.long
import dev.iotsdk.emulator.internal.runtime.objects
import dev.iotsdk.emulator.internal.runtime.string
import dev.iotsdk.emulator.internal.runtime.stringMap
import dev.iotsdk.emulator.internal.runtime.stringOrNull
import dev.iotsdk.emulator.internal.runtime.toJson
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.boolean
import kotlinx.serialization.json.buildJsonObject
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.jsonPrimitive
import kotlinx.serialization.json.put

/**
 * The Cognito identity pools a restart keeps (section `cognito`): the pools, their roles, the identities (so an
 * identity id a device stored keeps working) and which developer user is which identity. OpenID tokens are not kept.
 */
internal class CognitoStatePart(private val service: CognitoIdentityService) : StatePart {
    override val key: String = "cognito"

    override fun save(): JsonElement = buildJsonObject {
        val pools = jsonObjects(service.pools.values.sortedBy { it.id }) { p ->
            put("id", p.id)
            put("name", p.name)
            put("allowUnauthenticated", p.allowUnauthenticated)
            p.developerProviderName?.let { put("developerProviderName", it) }
            put("durationSeconds", p.durationSeconds)
            put("roles", service.roles.roles[p.id].orEmpty().toJson())
        }
        put("pools", pools)
        val identities = jsonObjects(service.identities.values.sortedBy { it.id }) { i ->
            put("id", i.id)
            put("poolId", i.poolId)
            put("authenticated", i.authenticated)
        }
        put("identities", identities)
        put("developerUsers", LinkedHashMap(service.developerUsers).toJson())
    }

    override fun restore(saved: JsonElement) {
        val root = saved.jsonObject
        root.getValue("pools").objects().forEach { p ->
            val pool = IdentityPool(
                p.string("id"),
                p.string("name"),
                p.flag("allowUnauthenticated"),
                p.stringOrNull("developerProviderName"),
                p.long("durationSeconds"),
            )
            service.pools[pool.id] = pool
            service.roles.roles[pool.id] = p.stringMap("roles")
        }
        root.getValue("identities").objects().forEach { i ->
            service.identities[i.string("id")] =
                CognitoIdentityService.Identity(i.string("id"), i.string("poolId"), i.flag("authenticated"))
        }
        service.developerUsers.putAll(root.stringMap("developerUsers"))
    }

    private fun JsonObject.flag(name: String) = getValue(name).jsonPrimitive.boolean
}
