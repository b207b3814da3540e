// AWS partner links: IoT Wireless Sidewalk partner accounts and Partner Central Channel program management accounts, relationships and handshakes.
package partnerlink
