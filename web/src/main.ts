import { mount } from 'svelte';
import './app.css';
import App from './App.svelte';
import { readArrival } from './arrival.js';
import { routeOf } from './route.js';

const arrival = readArrival(location, document.referrer, history);
const target = document.getElementById('app');
if (target) mount(App, { target, props: { route: routeOf(location.pathname), arrival } });
