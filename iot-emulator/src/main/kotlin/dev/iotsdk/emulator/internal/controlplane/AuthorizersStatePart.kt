package dev.iotsdk.emulator.internal.controlplane

import dev.iotsdk.emulator.internal.Registry
import dev.iotsdk.emulator.internal.runtime.StatePart
import dev.iotsdk.emulator.internal.runtime.jsonObjects
import dev.iotsdk.emulator.internal.runtime.objects
import dev.iotsdk.emulator.internal.runtime.string
import dev.iotsdk.emulator.internal.runtime.stringMap
import dev.iotsdk.emulator.internal.runtime.stringOrNull
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.boolean
import kotlinx.serialization.json.booleanOrNull
import kotlinx.serialization.json.double
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.jsonPrimitive
import kotlinx.serialization.json.put

/**
 * The custom authorizers made with CreateAuthorizer that a restart keeps (section `authorizers`): their settings as
 * given, times and which is the default. The function they name decides again after the restart (CLI
 * `--authorizer-function`, given at each start). Authorizers registered from JVM code (a handler lambda) are not
 * kept: the code registers them again.
 */
internal class AuthorizersStatePart(private val api: AuthorizersApi, private val registry: Registry) : StatePart {
    override val key: String = "authorizers"

    override fun save(): JsonElement = jsonObjects(api.records.entries.sortedBy { it.key }) { (name, r) ->
        put("name", name)
        put("body", r.body)
        put("created", r.created)
        put("modified", r.modified)
        put("default", registry.authorizers[name]?.isDefault == true)
    }

    override fun restore(saved: JsonElement) {
        saved.objects().forEach { a ->
            val body = a.getValue("body").jsonObject
            val signingDisabled = body["signingDisabled"]?.jsonPrimitive?.booleanOrNull ?: false
            val settings = AuthorizersApi.Settings(
                body.string("authorizerFunctionArn"),
                body.stringOrNull("tokenKeyName"),
                if (signingDisabled) null else body.stringMap("tokenSigningPublicKeys").values.first(),
                (body.stringOrNull("status") ?: "ACTIVE") == "ACTIVE",
            )
            val record = AuthorizersApi.Record(body, a.number("created"), a.number("modified"))
            api.install(a.string("name"), settings, record, a.getValue("default").jsonPrimitive.boolean)
        }
    }

    private fun JsonObject.number(name: String) = getValue(name).jsonPrimitive.double
}
