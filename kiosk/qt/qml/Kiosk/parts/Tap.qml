import QtQuick

// The tap of a control, from any finger: a pointer handler sees every touch point on its own,
// so a finger resting elsewhere on the screen (or a second visitor) never makes the control
// dead, as a MouseArea (which sees only the first finger) did. The press is the control's
// alone (nothing under it sees it); the tap counts when the finger lifts inside the control,
// however long it was held.
TapHandler {
    gesturePolicy: TapHandler.ReleaseWithinBounds
    longPressThreshold: 0
}
