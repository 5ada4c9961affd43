package dev.iotsdk.emulator.internal.commands

import dev.iotsdk.emulator.internal.Registry
import dev.iotsdk.emulator.internal.controlplane.ApiError
import dev.iotsdk.emulator.internal.controlplane.ApiRequest
import dev.iotsdk.emulator.internal.controlplane.Arns
import dev.iotsdk.emulator.internal.controlplane.SigV4Principals
import dev.iotsdk.emulator.internal.controlplane.SignedRestApi
import dev.iotsdk.emulator.internal.http.HttpServices
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.buildJsonObject
import kotlinx.serialization.json.put
import java.util.Base64

/**
 * The commands control plane (spec/commands.md §9): CreateCommand, UpdateCommand, GetCommand, ListCommands,
 * DeleteCommand, GetCommandExecution, ListCommandExecutions and DeleteCommandExecution signed for `iot`, and
 * StartCommandExecution signed for `iot-jobs-data` (the same `POST /command-executions` path, told apart by the
 * signing name, as AWS's two hosts tell them apart). Errors are the models' ValidationException (400),
 * ResourceNotFoundException (404) and ConflictException (409). Payload templates are refused as unsupported.
 */
internal class CommandsApi(
    private val principals: SigV4Principals,
    private val service: CommandsService,
    private val registry: Registry,
    private val arns: Arns,
) {
    private val reads = CommandsReads(service)

    fun registerRoutes(http: HttpServices) {
        SignedRestApi(principals, setOf("iot-jobs-data"), ::action, { it == "/command-executions" }) { r ->
            if (r.method != "POST") throw ApiError.unsupported(r.method, r.call.path)
            start(r)
        }.registerRoutes(http)
        SignedRestApi(principals, setOf("iot", "execute-api"), ::action, ::isOurs) { route(it) }.registerRoutes(http)
    }

    private fun isOurs(path: String) = path == "/commands" ||
        path.startsWith("/commands/") ||
        path == "/command-executions" ||
        path.startsWith("/command-executions/")

    private fun route(r: ApiRequest): JsonObject {
        val s = r.segments
        return when {
            s.firstOrNull() == "commands" -> commandsRoute(r)
            s == listOf("command-executions") && r.method == "POST" -> reads.listExecutions(r)
            s.size == 2 && s[0] == "command-executions" -> when (r.method) {
                "GET" -> reads.getExecution(s[1], r)
                "DELETE" -> deleteExecution(s[1], r)
                else -> throw ApiError.unsupported(r.method, r.call.path)
            }
            else -> throw ApiError.unsupported(r.method, r.call.path)
        }
    }

    private fun commandsRoute(r: ApiRequest): JsonObject {
        val s = r.segments
        return when {
            s.size == 1 && r.method == "GET" -> reads.listCommands(r)
            s.size != 2 -> throw ApiError.unsupported(r.method, r.call.path)
            r.method == "PUT" -> create(s[1], r)
            r.method == "GET" -> reads.getCommand(command(s[1]))
            r.method == "PATCH" -> update(command(s[1]), r)
            r.method == "DELETE" -> delete(s[1])
            else -> throw ApiError.unsupported(r.method, r.call.path)
        }
    }

    private fun action(r: ApiRequest): Pair<String, String>? {
        val s = r.segments
        val name = when {
            s.firstOrNull() == "commands" -> mapOf(
                "PUT" to "CreateCommand",
                "GET" to if (s.size == 1) "ListCommands" else "GetCommand",
                "PATCH" to "UpdateCommand",
                "DELETE" to "DeleteCommand",
            )[r.method]
            r.call.signingService == "iot-jobs-data" -> "StartCommandExecution"
            s.size == 1 -> "ListCommandExecutions"
            r.method == "GET" -> "GetCommandExecution"
            else -> "DeleteCommandExecution"
        } ?: return null
        val resource = if (s.firstOrNull() == "commands" && s.size == 2) service.commandArn(s[1]) else "*"
        return "iot:$name" to resource
    }

    private fun create(commandId: String, r: ApiRequest): JsonObject {
        if (!commandId.matches(ID)) throw validation("commandId must match [a-zA-Z0-9_-]{1,64}")
        if (r.body["payloadTemplate"] != null || r.body["preprocessor"] != null) {
            throw validation("payloadTemplate and preprocessor are not supported by the iotsdk emulator")
        }
        val namespace = r.string("namespace") ?: "AWS-IoT"
        val displayName = r.string("displayName")
        val problem = when {
            namespace != "AWS-IoT" -> "the iotsdk emulator serves the AWS-IoT namespace only"
            displayName != null && displayName.length > MAX_NAME -> "displayName is over 64 characters"
            else -> null
        }
        problem?.let { throw validation(it) }
        val record = CommandRecord(
            commandId,
            service.commandArn(commandId),
            namespace,
            displayName,
            r.string("description"),
            payloadOf(r),
            System.currentTimeMillis(),
        )
        if (!service.create(record)) throw ApiError(CONFLICT, "ConflictException", "Command $commandId already exists")
        return buildJsonObject {
            put("commandId", commandId)
            put("commandArn", record.arn)
        }
    }

    /** The payload bytes and content type (default `application/octet-stream`, spec/commands.md §2). */
    private fun payloadOf(r: ApiRequest): Pair<ByteArray?, String> {
        val payload = r.obj("payload")
        val content = payload?.let { r.string("content", it) }?.let {
            runCatching { Base64.getDecoder().decode(it) }.getOrNull()
                ?: throw validation("payload.content must be base64")
        }
        val contentType = payload?.let { r.string("contentType", it) } ?: "application/octet-stream"
        if (content != null && content.size > MAX_PAYLOAD) throw validation("payload.content is over 32 KB")
        if (contentType.isEmpty()) throw validation("payload.contentType must not be empty")
        return content to contentType
    }

    private fun update(command: CommandRecord, r: ApiRequest): JsonObject = synchronized(service.lock) {
        r.boolean("deprecated")?.let { command.deprecated = it }
        command.lastUpdatedAt = System.currentTimeMillis()
        buildJsonObject {
            put("commandId", command.commandId)
            command.displayName?.let { put("displayName", it) }
            command.description?.let { put("description", it) }
            put("deprecated", command.deprecated)
            put("lastUpdatedAt", CommandsReads.seconds(command.lastUpdatedAt))
        }
    }

    private fun delete(commandId: String): JsonObject = synchronized(service.lock) {
        service.commands.remove(commandId) ?: throw notFound("Command $commandId")
        JsonObject(emptyMap())
    }

    private fun start(r: ApiRequest): JsonObject {
        val targetArn = r.requireString("targetArn")
        val commandArn = r.requireString("commandArn")
        val commandId = arns.nameIn(commandArn, "command") ?: throw validation("commandArn is not a command ARN")
        val command = command(commandId)
        if (command.deprecated) throw validation("Command $commandId is deprecated")
        val timeout = r.long("executionTimeoutSeconds") ?: DEFAULT_TIMEOUT
        if (timeout !in 1..MAX_TIMEOUT) throw validation("executionTimeoutSeconds must be between 1 and $MAX_TIMEOUT")
        val request =
            StartRequest(command, targetOf(targetArn), targetArn, timeout, r.obj("parameters"), r.string("clientToken"))
        return buildJsonObject { put("executionId", service.start(request)) }
    }

    /** `things` and the thing name (a registered thing) or `clients` and the client id. */
    private fun targetOf(targetArn: String): Pair<String, String> = arns.nameIn(targetArn, "thing")?.let { thing ->
        if (thing !in registry.things) throw notFound("Thing $thing")
        "things" to thing
    } ?: arns.nameIn(targetArn, "client")?.let { "clients" to it }
        ?: throw validation("targetArn must be a thing or client ARN")

    private fun deleteExecution(executionId: String, r: ApiRequest): JsonObject {
        val targetArn = r.query("targetArn") ?: throw validation("targetArn is required")
        when (service.deleteExecution(executionId, targetArn)) {
            null -> throw notFound("Command execution $executionId")
            false -> throw validation("Only a command execution in a terminal state can be deleted")
            true -> Unit
        }
        return JsonObject(emptyMap())
    }

    private fun command(commandId: String): CommandRecord =
        synchronized(service.lock) { service.commands[commandId] } ?: throw notFound("Command $commandId")

    companion object {
        private val ID = Regex("[a-zA-Z0-9_-]{1,64}")
        private const val MAX_PAYLOAD = 32 * 1024
        private const val MAX_NAME = 64
        private const val DEFAULT_TIMEOUT = 10L
        private const val MAX_TIMEOUT = 12 * 60 * 60L
        private const val CONFLICT = 409

        fun validation(message: String) = ApiError(400, "ValidationException", message)

        fun notFound(what: String) = ApiError(404, "ResourceNotFoundException", "$what does not exist")
    }
}
