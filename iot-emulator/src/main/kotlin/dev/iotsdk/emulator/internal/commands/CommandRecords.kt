package dev.iotsdk.emulator.internal.commands

import kotlinx.serialization.json.JsonObject
import java.util.concurrent.ScheduledFuture

/** A command made with CreateCommand (spec/commands.md §9). Payload templates are not kept (not supported). */
internal class CommandRecord(
    val commandId: String,
    val arn: String,
    val namespace: String,
    val displayName: String?,
    val description: String?,
    /** The payload bytes (`null` when none) and their content type. */
    val payload: Pair<ByteArray?, String>,
    val createdAt: Long,
) {
    val contentType: String get() = payload.second

    var lastUpdatedAt: Long = createdAt
    var deprecated: Boolean = false
}

/** One execution of a command on a thing or client, with its status machine's state (spec/commands.md §5). */
internal class ExecutionRecord(val executionId: String, val start: StartRequest, val createdAt: Long) {
    val command: CommandRecord get() = start.command
    val targetArn: String get() = start.targetArn

    /** `things` or `clients`. */
    val deviceType: String get() = start.target.first
    val deviceId: String get() = start.target.second
    val timeoutSeconds: Long get() = start.timeoutSeconds
    val parameters: JsonObject? get() = start.parameters

    var status: String = CREATED
    var statusReason: JsonObject? = null
    var result: JsonObject? = null
    var lastUpdatedAt: Long = createdAt
    var startedAt: Long? = null
    var completedAt: Long? = null

    /** Whether the device reported a final status (a cloud-set TIMED_OUT is not final). */
    var ended: Boolean = false
    var timer: ScheduledFuture<*>? = null

    companion object {
        const val CREATED = "CREATED"
        const val IN_PROGRESS = "IN_PROGRESS"
        const val TIMED_OUT = "TIMED_OUT"
    }
}

/** A checked StartCommandExecution: the command, the target (`things`/`clients`, id) and the request's options. */
internal class StartRequest(
    val command: CommandRecord,
    val target: Pair<String, String>,
    val targetArn: String,
    val timeoutSeconds: Long,
    val parameters: JsonObject?,
    val clientToken: String?,
)
