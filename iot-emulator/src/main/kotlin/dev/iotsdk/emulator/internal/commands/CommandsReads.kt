package dev.iotsdk.emulator.internal.commands

import dev.iotsdk.emulator.internal.controlplane.ApiRequest
import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.buildJsonObject
import kotlinx.serialization.json.put
import java.util.Base64

/**
 * The read operations of the commands control plane (spec/commands.md §9): GetCommand, ListCommands,
 * GetCommandExecution (result values with the model's uppercase `S`/`B`/`BIN` keys) and ListCommandExecutions,
 * timestamps in epoch seconds as rest-json writes them. Page tokens are offsets.
 */
internal class CommandsReads(private val service: CommandsService) {
    fun getCommand(c: CommandRecord): JsonObject = synchronized(service.lock) {
        buildJsonObject {
            put("commandId", c.commandId)
            put("commandArn", c.arn)
            put("namespace", c.namespace)
            c.displayName?.let { put("displayName", it) }
            c.description?.let { put("description", it) }
            put(
                "payload",
                buildJsonObject {
                    c.payload.first?.let { put("content", Base64.getEncoder().encodeToString(it)) }
                    put("contentType", c.contentType)
                },
            )
            put("createdAt", seconds(c.createdAt))
            put("lastUpdatedAt", seconds(c.lastUpdatedAt))
            put("deprecated", c.deprecated)
            put("pendingDeletion", false)
        }
    }

    fun listCommands(r: ApiRequest): JsonObject = synchronized(service.lock) {
        val all = service.commands.values.sortedBy { it.createdAt }.let {
            if (r.query("sortOrder") == "ASCENDING") it else it.reversed()
        }
        page(
            r,
            all.map { c ->
                buildJsonObject {
                    put("commandArn", c.arn)
                    put("commandId", c.commandId)
                    c.displayName?.let { put("displayName", it) }
                    put("deprecated", c.deprecated)
                    put("createdAt", seconds(c.createdAt))
                    put("lastUpdatedAt", seconds(c.lastUpdatedAt))
                    put("pendingDeletion", false)
                }
            },
            "commands",
        )
    }

    fun getExecution(executionId: String, r: ApiRequest): JsonObject = synchronized(service.lock) {
        val targetArn = r.query("targetArn") ?: throw CommandsApi.validation("targetArn is required")
        val e = service.executions[executionId]?.takeIf { it.targetArn == targetArn }
            ?: throw CommandsApi.notFound("Command execution $executionId")
        buildJsonObject {
            summary(e)
            e.statusReason?.let { put("statusReason", it) }
            if (r.queryBoolean("includeResult") != false) e.result?.let { put("result", upperCase(it)) }
            e.parameters?.let { put("parameters", it) }
            put("executionTimeoutSeconds", e.timeoutSeconds)
            put("lastUpdatedAt", seconds(e.lastUpdatedAt))
        }
    }

    fun listExecutions(r: ApiRequest): JsonObject = synchronized(service.lock) {
        val status = r.string("status")
        val commandArn = r.string("commandArn")
        val targetArn = r.string("targetArn")
        if (commandArn != null && targetArn != null) {
            throw CommandsApi.validation("give commandArn or targetArn, not both")
        }
        val all = service.executions.values.filter {
            (status == null || it.status == status) &&
                (commandArn == null || it.command.arn == commandArn) &&
                (targetArn == null || it.targetArn == targetArn)
        }.sortedBy { it.createdAt }.let { if (r.string("sortOrder") == "ASCENDING") it else it.reversed() }
        page(r, all.map { buildJsonObject { summary(it) } }, "commandExecutions")
    }

    private fun kotlinx.serialization.json.JsonObjectBuilder.summary(e: ExecutionRecord) {
        put("executionId", e.executionId)
        put("commandArn", e.command.arn)
        put("targetArn", e.targetArn)
        put("status", e.status)
        put("createdAt", seconds(e.createdAt))
        e.startedAt?.let { put("startedAt", seconds(it)) }
        e.completedAt?.let { put("completedAt", seconds(it)) }
    }

    private fun page(r: ApiRequest, items: List<JsonObject>, member: String): JsonObject {
        val size = r.maxResults(DEFAULT_PAGE, MAX_PAGE)
        val from = r.query("nextToken")?.toIntOrNull()?.coerceIn(0, items.size) ?: 0
        val to = minOf(items.size, from + size)
        return buildJsonObject {
            put(member, JsonArray(items.subList(from, to)))
            if (to < items.size) put("nextToken", to.toString())
        }
    }

    /** `{"s": …}` as the device sent it to `{"S": …}` as the control plane returns it. */
    private fun upperCase(result: JsonObject) = JsonObject(
        result.mapValues { (_, v) ->
            JsonObject((v as JsonObject).mapKeys { it.key.uppercase() })
        },
    )

    companion object {
        private const val DEFAULT_PAGE = 25
        private const val MAX_PAGE = 100
        private const val MILLIS = 1000.0

        fun seconds(millis: Long) = JsonPrimitive(millis / MILLIS)
    }
}
