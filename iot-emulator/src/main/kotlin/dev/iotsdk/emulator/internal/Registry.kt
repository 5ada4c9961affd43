package dev.iotsdk.emulator.internal

import dev.iotsdk.emulator.CertificateStatus
import dev.iotsdk.emulator.CustomAuthorizer
import dev.iotsdk.emulator.EmulatorCredentials
import java.security.cert.X509Certificate
import java.util.concurrent.ConcurrentHashMap
import java.util.concurrent.CopyOnWriteArrayList

internal class CertificateRecord(val certificateId: String, thingName: String?, val certificate: X509Certificate) {
    /** The thing the certificate is attached to (AttachThingPrincipal may change it). */
    @Volatile
    var thingName: String? = thingName

    @Volatile
    var status: CertificateStatus = CertificateStatus.ACTIVE
}

/** Things, certificates, policies, credentials and authorizers: the emulator's control-plane state. */
internal class Registry(defaultPolicyDocument: String) {
    val defaultPolicy: Policy = Policy.parse("default", defaultPolicyDocument)
    val things: MutableSet<String> = ConcurrentHashMap.newKeySet()
    val certificates: ConcurrentHashMap<String, CertificateRecord> = ConcurrentHashMap()
    val policies: ConcurrentHashMap<String, Policy> = ConcurrentHashMap()
    private val attachments = ConcurrentHashMap<String, MutableSet<String>>()
    val credentials: ConcurrentHashMap<String, EmulatorCredentials> = ConcurrentHashMap()
    val authorizers: ConcurrentHashMap<String, CustomAuthorizer> = ConcurrentHashMap()
    private val deactivationListeners = CopyOnWriteArrayList<(String) -> Unit>()
    private val thingTypes = ConcurrentHashMap<String, String>()
    private val thingAttributes = ConcurrentHashMap<String, Map<String, String>>()

    /** Records thing [name]'s type and attributes (policy condition keys `iot:Connection.Thing.*`). */
    fun describeThing(name: String, type: String?, attributes: Map<String, String>) {
        if (type == null) thingTypes.remove(name) else thingTypes[name] = type
        if (attributes.isEmpty()) thingAttributes.remove(name) else thingAttributes[name] = attributes
    }

    /** Thing [name]'s type, or `null`. */
    fun thingType(name: String): String? = thingTypes[name]

    /** Thing [name]'s attributes. */
    fun thingAttributes(name: String): Map<String, String> = thingAttributes[name].orEmpty()

    /**
     * Whether certificate [certificateId] is registered and ACTIVE: AWS IoT checks it on every connection and
     * request, so every entry point asks, resumed TLS sessions and open HTTP connections included.
     */
    fun isActive(certificateId: String): Boolean = certificates[certificateId]?.status == CertificateStatus.ACTIVE

    /** Calls [listener] with the id of every certificate that leaves ACTIVE or is deleted. */
    fun onCertificateDeactivated(listener: (String) -> Unit) {
        deactivationListeners += listener
    }

    /** Sets [record]'s status; leaving ACTIVE tells the [onCertificateDeactivated] listeners. */
    fun setStatus(record: CertificateRecord, status: CertificateStatus) {
        record.status = status
        if (status != CertificateStatus.ACTIVE) deactivationListeners.forEach { it(record.certificateId) }
    }

    /** Deletes certificate [certificateId] (the [onCertificateDeactivated] listeners are told). */
    fun deleteCertificate(certificateId: String) {
        certificates.remove(certificateId)
        deactivationListeners.forEach { it(certificateId) }
    }

    fun attach(policyName: String, target: String) {
        require(policies.containsKey(policyName)) { "no policy named '$policyName'; create it first with createPolicy" }
        attachments.computeIfAbsent(target) { ConcurrentHashMap.newKeySet() }.add(policyName)
    }

    fun detach(policyName: String, target: String) {
        attachments[target]?.remove(policyName)
    }

    /** The names of the policies attached to [target]. */
    fun policiesOf(target: String): Set<String> = attachments[target].orEmpty().toSet()

    /** The targets [policyName] is attached to. */
    fun targetsOf(policyName: String): List<String> = attachments.filterValues { policyName in it }.keys.toList()

    /** Policies attached to any of [targets]. */
    fun attachedPolicies(targets: List<String>): List<Policy> =
        targets.flatMap { attachments[it].orEmpty() }.distinct().mapNotNull { policies[it] }

    fun defaultAuthorizer(): CustomAuthorizer? = authorizers.values.firstOrNull { it.isDefault }
}
