package dev.iotsdk.emulator.internal.credentials

import dev.iotsdk.emulator.internal.Policy
import dev.iotsdk.emulator.internal.runtime.StatePart
import dev.iotsdk.emulator.internal.runtime.jsonObjects
import dev.iotsdk.emulator.internal.runtime.objects
import dev.iotsdk.emulator.internal.runtime.string
import dev.iotsdk.emulator.internal.runtime.stringMap
import dev.iotsdk.emulator.internal.runtime.toJson
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.put
import java.time.Instant

/** The IAM roles a restart keeps (section `iamRoles`): name, ARN, creation time and inline policies as given. */
internal class IamRolesStatePart(private val roles: IamRoles) : StatePart {
    override val key: String = "iamRoles"

    override fun save(): JsonElement = jsonObjects(roles.roles.values.sortedBy { it.name }) { r ->
        put("name", r.name)
        put("arn", r.arn)
        put("created", r.created.toString())
        put("policies", r.policies.mapValues { it.value.document }.toJson())
    }

    override fun restore(saved: JsonElement) {
        saved.objects().forEach { r ->
            val role = IamRole(r.string("name"), r.string("arn"), Instant.parse(r.string("created")))
            r.stringMap("policies").forEach { (name, document) -> role.policies[name] = Policy.parse(name, document) }
            roles.roles[role.name] = role
        }
    }
}
