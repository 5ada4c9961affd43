package dev.iotsdk.greengrass.internal

import dev.iotsdk.auth.TlsIdentity
import dev.iotsdk.auth.TlsMaterialException
import dev.iotsdk.auth.TrustMaterial
import dev.iotsdk.common.IotSdkException
import dev.iotsdk.core.ConnectionType
import dev.iotsdk.core.IotMqttClient
import dev.iotsdk.core.IotMqttClientConfig
import dev.iotsdk.core.LifecycleEvent
import dev.iotsdk.greengrass.CoreConnectAttempt
import dev.iotsdk.greengrass.CoreConnectException
import dev.iotsdk.greengrass.CoreConnectOptions
import dev.iotsdk.greengrass.CoreConnection
import dev.iotsdk.greengrass.CoreEndpoint
import dev.iotsdk.model.greengrass.DiscoveryInfo
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.async
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.flow.filterIsInstance
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.selects.select
import kotlinx.coroutines.withTimeoutOrNull

/**
 * Tries the endpoints of a discovery answer one after the other (see `GreengrassDiscoveryClient.connectToCore`). An
 * attempt ends at the client's first connection failure (no retries against the same endpoint) or at the options'
 * attempt timeout, and its client is closed before the next one starts.
 */
internal class CoreConnector(private val identity: TlsIdentity, private val options: CoreConnectOptions) {
    private sealed class Outcome {
        class Connected(val client: IotMqttClient) : Outcome()
        class Failed(val reason: String, val cause: IotSdkException?) : Outcome()
    }

    suspend fun connect(discovery: DiscoveryInfo, clientId: String): CoreConnection {
        val candidates = discovery.allCores.flatMap { core -> core.connectivity.map { CoreEndpoint(core, it) } }
        val ordered = options.order.order(candidates)
        val failures = ArrayList<CoreConnectAttempt>()
        val trustByGroup = HashMap<String, Result<TrustMaterial>>()
        for (endpoint in ordered) {
            val trust = trustByGroup.getOrPut(endpoint.core.groupId) { trustOf(endpoint) }
            val outcome = trust.fold(
                onSuccess = { attempt(endpoint, it, clientId) },
                onFailure = { Outcome.Failed(it.message ?: "the group CA does not parse", it as? IotSdkException) },
            )
            when (outcome) {
                is Outcome.Connected -> return CoreConnection(outcome.client, endpoint, failures.toList())
                is Outcome.Failed -> failures += CoreConnectAttempt(endpoint, outcome.reason, outcome.cause)
            }
        }
        throw CoreConnectException(failures)
    }

    private fun trustOf(endpoint: CoreEndpoint): Result<TrustMaterial> {
        val cas = endpoint.core.certificateAuthorities
        if (cas.isEmpty()) {
            return Result.failure(
                TlsMaterialException("group ${endpoint.core.groupId} lists no CA certificate to trust its core with"),
            )
        }
        return try {
            Result.success(TrustMaterial.fromPem(cas.joinToString("\n")))
        } catch (e: TlsMaterialException) {
            Result.failure(
                TlsMaterialException("the CA of group ${endpoint.core.groupId} does not parse: ${e.message}", e),
            )
        }
    }

    private suspend fun attempt(endpoint: CoreEndpoint, trust: TrustMaterial, clientId: String): Outcome {
        val port = endpoint.connectivity.portNumber
        if (port !in 1..MAX_PORT) return Outcome.Failed("invalid port $port", null)
        val config = try {
            IotMqttClientConfig.Builder().apply {
                options.mqtt?.accept(this)
                this.endpoint = endpoint.connectivity.hostAddress
                this.port = port
                this.connectionType = ConnectionType.MutualTls(identity)
                this.trust = trust
                this.clientId = clientId
                this.connectTimeout = options.attemptTimeout
            }.build()
        } catch (e: IotSdkException) {
            return Outcome.Failed("invalid MQTT configuration: ${e.message}", e)
        }
        val client = IotMqttClient.create(config)
        var connected = false
        try {
            val outcome = withTimeoutOrNull(options.attemptTimeout) { race(client) }
                ?: Outcome.Failed("timed out after ${options.attemptTimeout}", null)
            connected = outcome is Outcome.Connected
            return outcome
        } finally {
            if (!connected) client.close()
        }
    }

    /** The first of: connected, or the first connection failure the client reports. */
    private suspend fun race(client: IotMqttClient): Outcome = coroutineScope {
        val failure = async(start = CoroutineStart.UNDISPATCHED) {
            client.events.filterIsInstance<LifecycleEvent.ConnectionFailure>().first().cause
        }
        val connect = async {
            try {
                client.connect()
                null
            } catch (e: IotSdkException) {
                e
            }
        }
        val outcome = select {
            connect.onAwait { error ->
                if (error ==
                    null
                ) {
                    Outcome.Connected(client)
                } else {
                    Outcome.Failed(error.message ?: error.toString(), error)
                }
            }
            failure.onAwait { cause -> Outcome.Failed(cause.message ?: cause.toString(), cause) }
        }
        failure.cancel()
        if (outcome !is Outcome.Connected) connect.cancel()
        outcome
    }

    private companion object {
        const val MAX_PORT = 65535
    }
}
