package dev.iotsdk.emulator.internal.controlplane

import dev.iotsdk.emulator.internal.credentials.RoleAlias
import dev.iotsdk.emulator.internal.credentials.RoleAliasService
import dev.iotsdk.emulator.internal.dataplane.Pages
import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.buildJsonObject
import kotlinx.serialization.json.put
import java.time.Instant

/**
 * Role aliases, as the AWS IoT model (AWS SDK for Kotlin `iot.json`) defines them:
 * - CreateRoleAlias `POST /role-aliases/{roleAlias}` {roleArn, credentialDurationSeconds?, tags?} → {roleAlias,
 *   roleAliasArn}; 409 ResourceAlreadyExistsException when it exists;
 * - DescribeRoleAlias `GET /role-aliases/{roleAlias}` → {roleAliasDescription: {roleAlias, roleAliasArn, roleArn,
 * owner,
 *   credentialDurationSeconds, creationDate, lastModifiedDate}}; 404 ResourceNotFoundException;
 * - ListRoleAliases `GET /role-aliases?pageSize&marker&isAscendingOrder` → {roleAliases: [name…], nextMarker?},
 *   alphabetical, descending unless `isAscendingOrder=true`;
 * - UpdateRoleAlias `PUT /role-aliases/{roleAlias}` {roleArn?, credentialDurationSeconds?} → {roleAlias, roleAliasArn};
 * - DeleteRoleAlias `DELETE /role-aliases/{roleAlias}` → {}.
 *
 * Validation as the model's constraints: alias `[\w=,@-]{1,128}`, roleArn 20..2048 characters,
 * credentialDurationSeconds
 * 900..43200 (default 3600); anything else is 400 InvalidRequestException. Tags are accepted and not kept. The aliases
 * are the credentials provider's ([RoleAliasService]): devices get credentials for them on the 8443 listener at once.
 */
internal class RoleAliasesApi(private val aliases: RoleAliasService) {
    fun create(name: String, r: ApiRequest): JsonObject {
        checkName(name)
        val alias = RoleAlias(
            name,
            roleArn(r.requireString("roleArn")),
            duration(
                r.long("credentialDurationSeconds") ?: DEFAULT_DURATION,
            ),
        )
        if (!aliases.create(alias)) throw ApiError.alreadyExists("Role alias $name already exists.")
        return names(name)
    }

    fun describe(name: String): JsonObject {
        val a = find(name)
        return buildJsonObject {
            put(
                "roleAliasDescription",
                buildJsonObject {
                    put("roleAlias", a.name)
                    put("roleAliasArn", aliases.arn(a.name))
                    put("roleArn", a.roleArn)
                    put("owner", aliases.accountId)
                    put("credentialDurationSeconds", a.durationSeconds)
                    put("creationDate", seconds(a.created))
                    put("lastModifiedDate", seconds(a.modified))
                },
            )
        }
    }

    fun list(r: ApiRequest): JsonObject {
        val size = (r.queryLong("pageSize") ?: MAX_PAGE).also {
            if (it !in
                1..MAX_PAGE
            ) {
                throw ApiError.invalid("pageSize must be between 1 and $MAX_PAGE")
            }
        }
        val ascending = r.queryBoolean("isAscendingOrder") ?: false
        val names = aliases.all().map { it.name }.sorted().let { if (ascending) it else it.reversed() }
        val (page, next) = Pages.slice(names, r.query("marker"), size.toInt())
            ?: throw ApiError.invalid("The marker is invalid")
        return buildJsonObject {
            put("roleAliases", JsonArray(page.map { JsonPrimitive(it) }))
            next?.let { put("nextMarker", it) }
        }
    }

    fun update(name: String, r: ApiRequest): JsonObject {
        val roleArn = r.string("roleArn")?.let { roleArn(it) }
        val duration = r.long("credentialDurationSeconds")?.let { duration(it) }
        aliases.update(name) { old ->
            RoleAlias(name, roleArn ?: old.roleArn, duration ?: old.durationSeconds, old.created, Instant.now())
        }
            ?: throw notFound(name)
        return names(name)
    }

    fun delete(name: String): JsonObject {
        if (!aliases.delete(name)) throw notFound(name)
        return JsonObject(emptyMap())
    }

    private fun find(name: String): RoleAlias = aliases.get(name) ?: throw notFound(name)

    private fun notFound(name: String) = ApiError.notFound("Role alias $name does not exist.")

    private fun names(name: String) = buildJsonObject {
        put("roleAlias", name)
        put("roleAliasArn", aliases.arn(name))
    }

    private fun checkName(name: String) {
        if (!NAME.matches(name)) throw ApiError.invalid("roleAlias must match [\\w=,@-]+ and have 1 to 128 characters")
    }

    private fun roleArn(value: String): String {
        if (value.length !in
            MIN_ARN..MAX_ARN
        ) {
            throw ApiError.invalid("roleArn must have $MIN_ARN to $MAX_ARN characters")
        }
        return value
    }

    private fun duration(value: Long): Long {
        if (value !in
            MIN_DURATION..MAX_DURATION
        ) {
            throw ApiError.invalid("credentialDurationSeconds must be between $MIN_DURATION and $MAX_DURATION")
        }
        return value
    }

    private fun seconds(at: Instant): Double = at.toEpochMilli() / MILLIS

    private companion object {
        val NAME = Regex("[\\w=,@-]{1,128}")
        const val DEFAULT_DURATION = 3600L
        const val MIN_DURATION = 900L
        const val MAX_DURATION = 43200L
        const val MIN_ARN = 20
        const val MAX_ARN = 2048
        const val MAX_PAGE = 250L
        const val MILLIS = 1000.0
    }
}
