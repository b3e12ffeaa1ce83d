import { formatClock } from '../bays/bayFormat.ts';
import { openThreadInInbox } from '../inbox/ai/threadToOpen.ts';
import { categoryText } from './emergencyAlerts.ts';
import { useEmergencyAlerts } from './useEmergencyAlerts.ts';

/**
 * A customer texted about an emergency: shown on every screen, above everything, until someone at
 * this desk dismisses it, with a button that opens the conversation. The region exists before any
 * alert, so screen readers announce each one as it arrives.
 */
export function EmergencyBanner() {
  const { alerts, stream, dismiss, facilityName, timeZoneOf, customerOf } = useEmergencyAlerts();
  return (
    <div className="emergency-banner" role="alert" data-testid="emergency-banner" data-stream={stream}>
      {alerts.map((alert) => {
        const facility = facilityName(alert.facilityId);
        const customer = customerOf(alert);
        return (
          <div
            key={alert.key}
            className="emergency-alert"
            data-testid="emergency-alert"
            data-thread-id={alert.threadId}
          >
            <p className="emergency-text">
              <span className="emergency-icon" aria-hidden="true">
                ⚠
              </span>
              <strong>
                Emergency{facility ? ` at ${facility}` : ''}: {categoryText(alert.category)}.
              </strong>{' '}
              {customer} texted at {formatClock(alert.at, timeZoneOf(alert.facilityId), Date.now())}: “
              {alert.text}”. They were told to call 911 if anyone is hurt.
            </p>
            <div className="actions">
              <button
                type="button"
                className="button emergency-open"
                onClick={() => openThreadInInbox(alert.threadId)}
              >
                Open the conversation<span className="visually-hidden"> with {customer}</span>
              </button>
              <button type="button" className="button button-secondary" onClick={() => dismiss(alert.key)}>
                Dismiss<span className="visually-hidden"> the alert about {customer}</span>
              </button>
            </div>
          </div>
        );
      })}
    </div>
  );
}
