package dev.iotsdk.emulator.internal.credentials

import dev.iotsdk.emulator.internal.runtime.StatePart
import dev.iotsdk.emulator.internal.runtime.jsonObjects
import dev.iotsdk.emulator.internal.runtime.long
import dev.iotsdk.emulator.internal.runtime.objects
import dev.iotsdk.emulator.internal.runtime.string
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.put
import java.time.Instant

/** The role aliases a restart keeps (section `roleAliases`): role ARN, duration, creation and change times. */
internal class RoleAliasStatePart(private val service: RoleAliasService) : StatePart {
    override val key: String = "roleAliases"

    override fun save(): JsonElement = jsonObjects(service.all().sortedBy { it.name }) { a ->
        put("name", a.name)
        put("roleArn", a.roleArn)
        put("durationSeconds", a.durationSeconds)
        put("created", a.created.toString())
        put("modified", a.modified.toString())
    }

    override fun restore(saved: JsonElement) {
        saved.objects().forEach { a ->
            service.put(
                RoleAlias(
                    a.string("name"),
                    a.string("roleArn"),
                    a.long("durationSeconds"),
                    Instant.parse(a.string("created")),
                    Instant.parse(a.string("modified")),
                ),
            )
        }
    }
}
