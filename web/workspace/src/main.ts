import { mount } from 'svelte';
import '../../src/app.css';
import './workspace.css';
import App from './App.svelte';

const target = document.getElementById('app');
if (target) mount(App, { target });
