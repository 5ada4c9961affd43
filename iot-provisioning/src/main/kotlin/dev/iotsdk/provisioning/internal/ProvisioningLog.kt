package dev.iotsdk.provisioning.internal

import dev.iotsdk.provisioning.ProvisioningStep
import org.slf4j.Logger
import org.slf4j.LoggerFactory

/**
 * What fleet provisioning tells the application's log (SLF4J logger `dev.iotsdk.provisioning.FleetProvisioning`): the
 * start and end of provisioning and which credentials are used at INFO, each step at DEBUG, a failed step with its
 * cause at WARN. Only the template, thing name, step and store are logged: never the private key, the certificate, its
 * ownership token or a template parameter's value. Stack traces only when the logger is at DEBUG.
 */
internal class ProvisioningLog(private val templateName: String) {
    fun usingStored(thingName: String, store: Any) {
        if (log.isInfoEnabled) log.info("Connecting as thing '{}' with the credentials stored in {}", thingName, store)
    }

    fun started(store: Any) {
        if (log.isInfoEnabled) {
            log.info("No credentials in {}: provisioning with template '{}' by claim", store, templateName)
        }
    }

    fun stepStarted(step: ProvisioningStep) {
        if (log.isDebugEnabled) log.debug("Provisioning step {} started", step)
    }

    fun stepDone(step: ProvisioningStep) {
        if (log.isDebugEnabled) log.debug("Provisioning step {} done", step)
    }

    fun registered(thingName: String, certificateId: String) {
        if (log.isInfoEnabled) {
            log.info(
                "Thing '{}' registered with template '{}' (certificate {})",
                thingName,
                templateName,
                certificateId,
            )
        }
    }

    /** The failure's message (which names its cause) at WARN; its stack trace too when the logger is at DEBUG. */
    fun stepFailed(step: ProvisioningStep, cause: Throwable) {
        if (!log.isWarnEnabled) return
        if (log.isDebugEnabled) {
            log.warn("Provisioning step {} failed: {}", step, cause.message, cause)
        } else {
            log.warn("Provisioning step {} failed: {}", step, cause.message)
        }
    }

    private companion object {
        val log: Logger = LoggerFactory.getLogger("dev.iotsdk.provisioning.FleetProvisioning")
    }
}
