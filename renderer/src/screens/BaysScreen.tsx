// The Bays screen lives in ./bays/ (board, cards, actions, history); the route imports it from here.
export { BaysScreen } from './bays/BaysScreen.tsx';
