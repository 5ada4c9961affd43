package dev.iotsdk.emulator.commands

import dev.iotsdk.emulator.internal.commands.CommandRecord
import dev.iotsdk.emulator.internal.commands.StartRequest
import dev.iotsdk.emulator.internal.runtime.EmulatorRuntime

/**
 * AWS IoT Commands in the emulator ([dev.iotsdk.emulator.IotEmulator.commands]), from the cloud side, for samples and
 * tests that do not want an AWS SDK: the same as CreateCommand and StartCommandExecution on the emulator's control
 * plane. Devices receive executions on `$aws/commands/<things|clients>/<id>/executions/<executionId>/request[/json|/cbor]`.
 *
 * ```kotlin
 * emulator.commands.createCommand("reboot", """{"delay":5}""".encodeToByteArray(), "application/json")
 * val executionId = emulator.commands.startCommandExecution("reboot", "sensor-1", timeoutSeconds = 30)
 * ```
 * Every method may be called from any thread.
 */
public class CommandsEmulator internal constructor(private val runtime: EmulatorRuntime) {
    /**
     * Creates command [commandId] (1–64 `[a-zA-Z0-9_-]`) with a static [payload] (at most 32 KB) of [contentType];
     * returns its ARN.
     * @throws IllegalArgumentException for an invalid or existing id or a payload over 32 KB.
     */
    public fun createCommand(commandId: String, payload: ByteArray, contentType: String): String {
        require(commandId.matches(Regex("[a-zA-Z0-9_-]{1,64}"))) { "invalid command id '$commandId'" }
        require(payload.size <= MAX_PAYLOAD) { "the payload is over 32 KB" }
        val service = runtime.commands
        val record = CommandRecord(
            commandId,
            service.commandArn(commandId),
            "AWS-IoT",
            null,
            null,
            payload.copyOf() to contentType,
            System.currentTimeMillis(),
        )
        require(service.create(record)) { "command '$commandId' already exists" }
        return record.arn
    }

    /**
     * Starts an execution of [commandId] on thing [deviceId] (or, with [client] `true`, the MQTT client id
     * [deviceId]) that times out after [timeoutSeconds] (AWS's default 10); returns the execution id.
     * @throws IllegalArgumentException for an unknown command or thing, or a timeout outside 1 s–12 h.
     */
    @JvmOverloads
    public fun startCommandExecution(
        commandId: String,
        deviceId: String,
        timeoutSeconds: Long = DEFAULT_TIMEOUT,
        client: Boolean = false,
    ): String {
        val service = runtime.commands
        val command = requireNotNull(synchronized(service.lock) { service.commands[commandId] }) {
            "no command '$commandId'"
        }
        require(timeoutSeconds in 1..MAX_TIMEOUT) { "timeoutSeconds must be between 1 and $MAX_TIMEOUT" }
        require(client || deviceId in runtime.registry.things) { "no thing '$deviceId'" }
        val type = if (client) "client" else "thing"
        val arn = "arn:aws:iot:${runtime.config.region}:${runtime.config.accountId}:$type/$deviceId"
        val target = (if (client) "clients" else "things") to deviceId
        return service.start(StartRequest(command, target, arn, timeoutSeconds, null, null))
    }

    /** The status of execution [executionId] (`CREATED`, `IN_PROGRESS`, …), or `null` when there is none. */
    public fun executionStatus(executionId: String): String? =
        synchronized(runtime.commands.lock) { runtime.commands.executions[executionId]?.status }

    private companion object {
        const val MAX_PAYLOAD = 32 * 1024
        const val DEFAULT_TIMEOUT = 10L
        const val MAX_TIMEOUT = 12 * 60 * 60L
    }
}
